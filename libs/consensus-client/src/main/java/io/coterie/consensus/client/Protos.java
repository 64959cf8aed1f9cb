package io.coterie.consensus.client;

import com.google.protobuf.ByteString;
import io.coterie.consensus.protocol.DeleteRequest;
import io.coterie.consensus.protocol.DeleteResponse;
import io.coterie.consensus.protocol.Event;
import io.coterie.consensus.protocol.PutRequest;
import io.coterie.consensus.protocol.PutResponse;
import io.coterie.consensus.protocol.RangeRequest;
import io.coterie.consensus.protocol.RangeResponse;
import io.coterie.consensus.protocol.RequestOp;
import io.coterie.consensus.protocol.ResponseOp;
import io.coterie.consensus.protocol.TxnRequest;
import io.coterie.consensus.protocol.TxnResponse;
import java.util.List;
import java.util.Optional;

/** Conversions between the wire messages and the client's records. */
final class Protos {

    private Protos() {
    }

    static KeyValue kv(io.coterie.consensus.protocol.KeyValue kv) {
        return new KeyValue(kv.getKey(), kv.getValue().toByteArray(), kv.getCreateRevision(), kv.getModRevision(),
                kv.getVersion(), kv.getLease());
    }

    static List<KeyValue> kvs(List<io.coterie.consensus.protocol.KeyValue> kvs) {
        return kvs.stream().map(Protos::kv).toList();
    }

    static PutRequest put(Op.Put put) {
        return PutRequest.newBuilder()
                .setKey(put.key())
                .setValue(ByteString.copyFrom(put.value()))
                .setLease(put.lease())
                .setPrevKv(put.prevKv())
                .build();
    }

    static DeleteRequest delete(Op.Delete delete) {
        return DeleteRequest.newBuilder().setKey(delete.key()).setPrefix(delete.prefix()).setPrevKv(delete.prevKv()).build();
    }

    static RangeRequest range(Op.Get get) {
        return RangeRequest.newBuilder().setKey(get.key()).setPrefix(get.prefix()).setLimit(get.limit()).build();
    }

    static PutResult putResult(PutResponse response) {
        return new PutResult(response.getRevision(),
                response.hasPrevKv() ? Optional.of(kv(response.getPrevKv())) : Optional.empty());
    }

    static DeleteResult deleteResult(DeleteResponse response) {
        return new DeleteResult(response.getRevision(), response.getDeleted(), kvs(response.getPrevKvsList()));
    }

    static RangePage rangePage(RangeResponse response) {
        return new RangePage(kvs(response.getKvsList()), response.getMore(), response.getCount(), response.getRevision());
    }

    static TxnRequest txn(Txn txn) {
        TxnRequest.Builder request = TxnRequest.newBuilder();
        for (Compare compare : txn.when()) {
            io.coterie.consensus.protocol.Compare.Builder c = io.coterie.consensus.protocol.Compare.newBuilder()
                    .setKey(compare.key())
                    .setTarget(io.coterie.consensus.protocol.Compare.Target.valueOf(compare.target().name()))
                    .setResult(io.coterie.consensus.protocol.Compare.Result.valueOf(compare.result().name()))
                    .setNumber(compare.number());
            if (compare.value() != null) {
                c.setValue(ByteString.copyFrom(compare.value()));
            }
            request.addCompare(c);
        }
        txn.then().forEach(op -> request.addSuccess(op(op)));
        txn.otherwise().forEach(op -> request.addFailure(op(op)));
        return request.build();
    }

    private static RequestOp op(Op op) {
        RequestOp.Builder b = RequestOp.newBuilder();
        if (op instanceof Op.Put put) {
            b.setPut(put(put));
        } else if (op instanceof Op.Delete delete) {
            b.setDelete(delete(delete));
        } else if (op instanceof Op.Get get) {
            b.setRange(range(get));
        }
        return b.build();
    }

    static TxnResult txnResult(TxnResponse response) {
        List<OpResult> results = response.getResponsesList().stream().map(Protos::opResult).toList();
        return new TxnResult(response.getSucceeded(), response.getRevision(), results);
    }

    private static OpResult opResult(ResponseOp op) {
        return switch (op.getOpCase()) {
            case PUT -> putResult(op.getPut());
            case DELETE -> deleteResult(op.getDelete());
            case RANGE -> rangePage(op.getRange());
            case OP_NOT_SET -> throw new IllegalStateException("empty response operation");
        };
    }

    static WatchEvent event(Event event) {
        return new WatchEvent(event.getType() == Event.Type.PUT ? WatchEvent.Type.PUT : WatchEvent.Type.DELETE,
                kv(event.getKv()));
    }
}
