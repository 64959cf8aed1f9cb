package io.coterie.consensus.core;

import com.google.protobuf.ByteString;
import io.coterie.consensus.protocol.Command;
import io.coterie.consensus.protocol.CompactRequest;
import io.coterie.consensus.protocol.Compare;
import io.coterie.consensus.protocol.DeleteRequest;
import io.coterie.consensus.protocol.LeaseExpireRequest;
import io.coterie.consensus.protocol.LeaseGrantRequest;
import io.coterie.consensus.protocol.LeaseKeepAliveRequest;
import io.coterie.consensus.protocol.LeaseRevokeRequest;
import io.coterie.consensus.protocol.PutRequest;
import io.coterie.consensus.protocol.RangeRequest;
import io.coterie.consensus.protocol.RequestOp;
import io.coterie.consensus.protocol.TxnRequest;
import io.coterie.consensus.protocol.WatchRequest;
import java.nio.charset.StandardCharsets;

/** Terse builders for the commands the tests apply. */
final class Commands {

    private Commands() {
    }

    static Command put(String key, String value) {
        return put(key, value, 0);
    }

    static Command put(String key, String value, long lease) {
        return Command.newBuilder().setPut(putRequest(key, value, lease)).build();
    }

    static PutRequest putRequest(String key, String value, long lease) {
        return PutRequest.newBuilder().setKey(key).setValue(utf8(value)).setLease(lease).build();
    }

    static Command delete(String key) {
        return Command.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(key)).build();
    }

    static Command deletePrefix(String prefix) {
        return Command.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(prefix).setPrefix(true)).build();
    }

    static Command grant(long ttlMillis) {
        return Command.newBuilder().setLeaseGrant(LeaseGrantRequest.newBuilder().setTtlMillis(ttlMillis)).build();
    }

    static Command keepAlive(long id) {
        return Command.newBuilder().setLeaseKeepAlive(LeaseKeepAliveRequest.newBuilder().setId(id)).build();
    }

    static Command revoke(long id) {
        return Command.newBuilder().setLeaseRevoke(LeaseRevokeRequest.newBuilder().setId(id)).build();
    }

    static Command expire(long id, long renewedAtIndex) {
        return Command.newBuilder().setLeaseExpire(LeaseExpireRequest.newBuilder().setId(id).setRenewedAtIndex(renewedAtIndex)).build();
    }

    static Command compact(long revision) {
        return Command.newBuilder().setCompact(CompactRequest.newBuilder().setRevision(revision)).build();
    }

    static Command txn(Compare compare, RequestOp success, RequestOp failure) {
        return Command.newBuilder().setTxn(TxnRequest.newBuilder().addCompare(compare).addSuccess(success).addFailure(failure)).build();
    }

    static Compare modRevisionIs(String key, long revision) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.Target.MOD_REVISION).setResult(Compare.Result.EQUAL).setNumber(revision).build();
    }

    static Compare absent(String key) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.Target.VERSION).setResult(Compare.Result.EQUAL).setNumber(0).build();
    }

    static Compare valueIs(String key, String value) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.Target.VALUE).setResult(Compare.Result.EQUAL).setValue(utf8(value)).build();
    }

    static RequestOp putOp(String key, String value) {
        return RequestOp.newBuilder().setPut(putRequest(key, value, 0)).build();
    }

    static RequestOp getOp(String key) {
        return RequestOp.newBuilder().setRange(RangeRequest.newBuilder().setKey(key)).build();
    }

    static RangeRequest get(String key) {
        return RangeRequest.newBuilder().setKey(key).build();
    }

    static RangeRequest prefix(String prefix, int limit, String after) {
        return RangeRequest.newBuilder().setKey(prefix).setPrefix(true).setLimit(limit).setAfter(after).build();
    }

    static WatchRequest watchPrefix(String prefix, long from) {
        return WatchRequest.newBuilder().setKey(prefix).setPrefix(true).setFromRevision(from).build();
    }

    static WatchRequest watchKey(String key, long from) {
        return WatchRequest.newBuilder().setKey(key).setFromRevision(from).build();
    }

    static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }
}
