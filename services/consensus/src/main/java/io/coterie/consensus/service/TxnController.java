package io.coterie.consensus.service;

import io.coterie.api.kv.DeleteResultView;
import io.coterie.api.kv.KvLimits;
import io.coterie.api.kv.TxnBody;
import io.coterie.api.kv.TxnResultView;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.DeleteResult;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.OpResult;
import io.coterie.consensus.client.PutResult;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Atomic compare-then-act transactions. See docs/api.md. */
@RestController
class TxnController {

    private final ConsensusClient store;
    private final Access access;

    TxnController(ConsensusClient store, Access access) {
        this.store = store;
        this.access = access;
    }

    @PostMapping("/v1/txn")
    CompletableFuture<TxnResultView> txn(@RequestBody TxnBody body) {
        Txn txn = toTxn(body);
        authorize(txn);
        return store.txn(txn).thenApply(result -> new TxnResultView(result.succeeded(), result.revision(),
                result.results().stream().map(TxnController::view).toList()));
    }

    /** Every key compared or read needs read, every key written needs write. */
    private void authorize(Txn txn) {
        txn.when().forEach(c -> access.require(Action.READ, c.key()));
        for (List<Op> branch : List.of(txn.then(), txn.otherwise())) {
            for (Op op : branch) {
                if (op instanceof Op.Put put) {
                    access.require(Action.WRITE, put.key());
                } else if (op instanceof Op.Delete delete) {
                    access.require(Action.WRITE, delete.key());
                } else if (op instanceof Op.Get get) {
                    access.require(Action.READ, get.key());
                }
            }
        }
    }

    static Txn toTxn(TxnBody body) {
        List<TxnBody.Compare> compares = body.compare() == null ? List.of() : body.compare();
        List<TxnBody.Op> success = body.success() == null ? List.of() : body.success();
        List<TxnBody.Op> failure = body.failure() == null ? List.of() : body.failure();
        if (compares.size() > KvLimits.MAX_TXN_OPS || success.size() > KvLimits.MAX_TXN_OPS || failure.size() > KvLimits.MAX_TXN_OPS) {
            throw ApiException.badRequest("a transaction holds at most " + KvLimits.MAX_TXN_OPS + " compares and "
                    + KvLimits.MAX_TXN_OPS + " operations per branch");
        }
        return new Txn(compares.stream().map(TxnController::compare).toList(),
                success.stream().map(TxnController::op).toList(),
                failure.stream().map(TxnController::op).toList());
    }

    private static Compare compare(TxnBody.Compare c) {
        if (c == null || c.key() == null) {
            throw ApiException.badRequest("every compare needs a key");
        }
        Compare.Target target = switch (lower(c.target(), "target")) {
            case "version" -> Compare.Target.VERSION;
            case "createrevision" -> Compare.Target.CREATE_REVISION;
            case "modrevision" -> Compare.Target.MOD_REVISION;
            case "value" -> Compare.Target.VALUE;
            case "lease" -> Compare.Target.LEASE;
            default -> throw ApiException.badRequest("compare target '" + c.target()
                    + "' is not one of version, createRevision, modRevision, value, lease");
        };
        Compare.Result result = switch (lower(c.result(), "result")) {
            case "equal" -> Compare.Result.EQUAL;
            case "notequal" -> Compare.Result.NOT_EQUAL;
            case "less" -> Compare.Result.LESS;
            case "greater" -> Compare.Result.GREATER;
            default -> throw ApiException.badRequest("compare result '" + c.result()
                    + "' is not one of equal, notEqual, less, greater");
        };
        if (target == Compare.Target.VALUE) {
            return new Compare(Keys.key(c.key()), target, result, 0, bytes(c.value(), c.valueBase64(), "compare"));
        }
        if (c.number() == null) {
            throw ApiException.badRequest("a compare on " + c.target() + " needs a number");
        }
        return new Compare(Keys.key(c.key()), target, result, c.number(), null);
    }

    private static Op op(TxnBody.Op op) {
        if (op == null) {
            throw ApiException.badRequest("empty operation");
        }
        int present = (op.put() != null ? 1 : 0) + (op.delete() != null ? 1 : 0) + (op.get() != null ? 1 : 0);
        if (present != 1) {
            throw ApiException.badRequest("each operation is exactly one of put, delete or get");
        }
        if (op.put() != null) {
            TxnBody.Put put = op.put();
            if (put.key() == null) {
                throw ApiException.badRequest("put needs a key");
            }
            return new Op.Put(Keys.key(put.key()), bytes(put.value(), put.valueBase64(), "put"),
                    put.lease() == null ? 0 : put.lease(), false);
        }
        if (op.delete() != null) {
            TxnBody.Delete delete = op.delete();
            boolean prefix = Boolean.TRUE.equals(delete.prefix());
            if (delete.key() == null) {
                throw ApiException.badRequest("delete needs a key");
            }
            return new Op.Delete(prefix ? Keys.prefix(delete.key()) : Keys.key(delete.key()), prefix, false);
        }
        TxnBody.Get get = op.get();
        boolean prefix = Boolean.TRUE.equals(get.prefix());
        if (get.key() == null) {
            throw ApiException.badRequest("get needs a key");
        }
        return new Op.Get(prefix ? Keys.prefix(get.key()) : Keys.key(get.key()), prefix, get.limit() == null ? 0 : get.limit());
    }

    private static byte[] bytes(String text, String base64, String where) {
        if ((text == null) == (base64 == null)) {
            throw ApiException.badRequest(where + " needs exactly one of value and valueBase64");
        }
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + ": valueBase64 is not valid base64");
        }
    }

    private static String lower(String value, String field) {
        if (value == null) {
            throw ApiException.badRequest("compare needs a " + field);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static TxnResultView.OpResult view(OpResult result) {
        if (result instanceof PutResult put) {
            return new TxnResultView.OpResult(new io.coterie.api.kv.PutResultView(null, put.revision()), null, null);
        }
        if (result instanceof DeleteResult delete) {
            return new TxnResultView.OpResult(null, new DeleteResultView(delete.revision(), delete.deleted()), null);
        }
        return new TxnResultView.OpResult(null, null, Views.page((RangePage) result));
    }
}
