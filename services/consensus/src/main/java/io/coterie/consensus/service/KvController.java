package io.coterie.consensus.service;

import io.coterie.api.ProblemType;
import io.coterie.api.kv.DeleteResultView;
import io.coterie.api.kv.KeyPage;
import io.coterie.api.kv.KvLimits;
import io.coterie.api.kv.PutResultView;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Keys: read, write, delete and list. See docs/api.md. */
@RestController
@RequestMapping("/v1/kv")
class KvController {

    private final ConsensusClient store;
    private final Access access;

    KvController(ConsensusClient store, Access access) {
        this.store = store;
        this.access = access;
    }

    @GetMapping("/{*key}")
    CompletableFuture<ResponseEntity<?>> get(@PathVariable String key,
                                             @RequestParam(defaultValue = "false") boolean stale,
                                             @RequestHeader(value = "Accept", required = false) String accept) {
        String k = Keys.fromPath(key);
        access.require(Action.READ, k);
        boolean raw = accept != null && accept.contains(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        return store.getWithRevision(k, consistency(stale)).thenApply(page -> {
            KeyValue kv = page.kvs().stream().findFirst()
                    .orElseThrow(() -> ApiException.notFound("key '" + k + "' not found"));
            if (raw) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(kv.value());
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Views.kv(kv, page.revision()));
        });
    }

    @GetMapping
    CompletableFuture<KeyPage> list(@RequestParam(defaultValue = "") String prefix,
                                    @RequestParam(defaultValue = "") String after,
                                    @RequestParam(defaultValue = "" + KvLimits.DEFAULT_PAGE_SIZE) int limit,
                                    @RequestParam(defaultValue = "false") boolean keysOnly,
                                    @RequestParam(defaultValue = "false") boolean stale) {
        String p = Keys.prefix(prefix);
        access.require(Action.READ, p);
        if (limit < 1 || limit > KvLimits.MAX_PAGE_SIZE) {
            throw ApiException.badRequest("limit must be between 1 and " + KvLimits.MAX_PAGE_SIZE);
        }
        if (!after.isEmpty()) {
            Keys.key(after);
        }
        return store.list(p, after, limit, keysOnly, consistency(stale)).thenApply(Views::page);
    }

    @PutMapping("/{*key}")
    CompletableFuture<PutResultView> put(@PathVariable String key,
                                         @RequestParam(required = false) Long lease,
                                         @RequestParam(required = false) Long ifRevision,
                                         HttpServletRequest request) throws IOException {
        String k = Keys.fromPath(key);
        access.require(Action.WRITE, k);
        byte[] value = readValue(request);
        long leaseId = lease == null ? 0 : lease;
        if (leaseId < 0) {
            throw ApiException.badRequest("lease must be a lease id");
        }
        if (ifRevision == null) {
            return store.put(k, value, leaseId).thenApply(r -> Views.put(k, r.revision()));
        }
        Txn txn = Txn.builder()
                .when(condition(k, ifRevision))
                .then(Op.put(k, value, leaseId))
                .otherwise(Op.get(k))
                .build();
        return store.txn(txn).thenApply(result -> {
            if (!result.succeeded()) {
                throw conditionFailed(k, ifRevision, (RangePage) result.results().get(0));
            }
            return Views.put(k, result.revision());
        });
    }

    @DeleteMapping("/{*key}")
    CompletableFuture<DeleteResultView> delete(@PathVariable String key,
                                               @RequestParam(required = false) Long ifRevision) {
        String k = Keys.fromPath(key);
        access.require(Action.WRITE, k);
        if (ifRevision == null) {
            return store.delete(k).thenApply(r -> {
                if (r.deleted() == 0) {
                    throw ApiException.notFound("key '" + k + "' not found");
                }
                return Views.delete(r);
            });
        }
        Txn txn = Txn.builder().when(condition(k, ifRevision)).then(Op.delete(k)).otherwise(Op.get(k)).build();
        return store.txn(txn).thenApply(result -> {
            if (!result.succeeded()) {
                throw conditionFailed(k, ifRevision, (RangePage) result.results().get(0));
            }
            return new DeleteResultView(result.revision(), 1);
        });
    }

    @DeleteMapping
    CompletableFuture<DeleteResultView> deletePrefix(@RequestParam String prefix) {
        if (prefix.isEmpty()) {
            throw ApiException.badRequest("prefix must not be empty: deleting every key takes an explicit prefix");
        }
        String p = Keys.prefix(prefix);
        access.require(Action.WRITE, p);
        return store.deletePrefix(p).thenApply(Views::delete);
    }

    private static Compare condition(String key, long ifRevision) {
        if (ifRevision < 0) {
            throw ApiException.badRequest("ifRevision must not be negative");
        }
        return ifRevision == 0 ? Compare.absent(key) : Compare.modRevision(key, Compare.Result.EQUAL, ifRevision);
    }

    private static ApiException conditionFailed(String key, long expected, RangePage current) {
        long actual = current.kvs().isEmpty() ? 0 : current.kvs().get(0).modRevision();
        String detail = actual == 0
                ? "key '" + key + "' does not exist (expected revision " + expected + ")"
                : expected == 0
                ? "key '" + key + "' already exists at revision " + actual
                : "key '" + key + "' is at revision " + actual + ", not " + expected;
        return new ApiException(ProblemType.CONDITION_FAILED, detail, Map.of("revision", actual));
    }

    private static byte[] readValue(HttpServletRequest request) throws IOException {
        byte[] value = request.getInputStream().readNBytes(KvLimits.MAX_VALUE_BYTES + 1);
        if (value.length > KvLimits.MAX_VALUE_BYTES) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
                    "the value is larger than the limit of " + KvLimits.MAX_VALUE_BYTES + " bytes");
        }
        return value;
    }

    static Consistency consistency(boolean stale) {
        return stale ? Consistency.STALE : Consistency.LINEARIZABLE;
    }
}
