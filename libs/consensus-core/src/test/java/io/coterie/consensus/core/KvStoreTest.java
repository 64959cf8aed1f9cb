package io.coterie.consensus.core;

import static io.coterie.consensus.core.Commands.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.protocol.Command;
import io.coterie.consensus.protocol.CommandResult;
import io.coterie.consensus.protocol.Error;
import io.coterie.consensus.protocol.Event;
import io.coterie.consensus.protocol.KeyValue;
import io.coterie.consensus.protocol.RangeResponse;
import io.coterie.consensus.protocol.WatchResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvStoreTest {

    private final KvStore store = new KvStore();
    private long index;

    private CommandResult apply(Command command) {
        return store.apply(++index, command).result();
    }

    private KeyValue get(String key) {
        RangeResponse response = store.range(Commands.get(key));
        return response.getKvsCount() == 0 ? null : response.getKvs(0);
    }

    @Test
    void everyWriteAdvancesOneGlobalRevisionAndKeysTrackTheirHistory() {
        assertThat(apply(put("a", "1")).getPut().getRevision()).isEqualTo(1);
        assertThat(apply(put("b", "1")).getPut().getRevision()).isEqualTo(2);
        assertThat(apply(put("a", "2")).getPut().getRevision()).isEqualTo(3);

        KeyValue a = get("a");
        assertThat(a.getValue().toStringUtf8()).isEqualTo("2");
        assertThat(a.getCreateRevision()).isEqualTo(1);
        assertThat(a.getModRevision()).isEqualTo(3);
        assertThat(a.getVersion()).isEqualTo(2);
        assertThat(store.revision()).isEqualTo(3);
    }

    @Test
    void deleteRemovesAndRecreationStartsANewLife() {
        apply(put("a", "1"));
        CommandResult deleted = apply(delete("a"));
        assertThat(deleted.getDelete().getDeleted()).isEqualTo(1);
        assertThat(deleted.getDelete().getRevision()).isEqualTo(2);
        assertThat(get("a")).isNull();

        apply(put("a", "again"));
        assertThat(get("a").getCreateRevision()).isEqualTo(3);
        assertThat(get("a").getVersion()).isEqualTo(1);
    }

    @Test
    void deletingNothingLeavesTheRevisionAlone() {
        apply(put("a", "1"));
        CommandResult result = apply(delete("missing"));
        assertThat(result.getDelete().getDeleted()).isZero();
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void prefixDeleteRemovesExactlyThePrefixAtOneRevision() {
        apply(put("app/a", "1"));
        apply(put("app/b", "1"));
        apply(put("apple", "1"));
        apply(put("other", "1"));
        CommandResult result = apply(deletePrefix("app/"));
        assertThat(result.getDelete().getDeleted()).isEqualTo(2);
        assertThat(store.revision()).isEqualTo(5);
        assertThat(get("apple")).isNotNull();
        assertThat(get("other")).isNotNull();
    }

    @Test
    void rangePagesThroughAPrefixInKeyOrder() {
        for (String key : List.of("p/c", "p/a", "p/e", "p/b", "p/d", "q/x", "p")) {
            apply(put(key, key));
        }
        RangeResponse first = store.range(prefix("p/", 2, ""));
        assertThat(first.getKvsList()).extracting(KeyValue::getKey).containsExactly("p/a", "p/b");
        assertThat(first.getMore()).isTrue();

        RangeResponse second = store.range(prefix("p/", 2, "p/b"));
        assertThat(second.getKvsList()).extracting(KeyValue::getKey).containsExactly("p/c", "p/d");
        RangeResponse last = store.range(prefix("p/", 2, "p/d"));
        assertThat(last.getKvsList()).extracting(KeyValue::getKey).containsExactly("p/e");
        assertThat(last.getMore()).isFalse();

        assertThat(store.range(prefix("", 100, "")).getKvsCount()).isEqualTo(7);
        assertThat(store.range(prefix("p/", 0, "")).getKvsCount()).isEqualTo(5);
    }

    @Test
    void prefixEndCoversEveryExtension() {
        assertThat(KvStore.prefixEnd("ab")).isEqualTo("ac");
        assertThat("ab\uFFFF\uFFFF".compareTo(KvStore.prefixEnd("ab"))).isNegative();
        assertThat(KvStore.prefixEnd("a\uFFFF")).isEqualTo("b");
    }

    @Test
    void transactionTakesTheBranchItsComparesChoose() {
        apply(put("k", "v1"));
        long rev = store.revision();

        CommandResult ok = apply(txn(modRevisionIs("k", rev), putOp("k", "v2"), getOp("k")));
        assertThat(ok.getTxn().getSucceeded()).isTrue();
        assertThat(get("k").getValue().toStringUtf8()).isEqualTo("v2");

        CommandResult stale = apply(txn(modRevisionIs("k", rev), putOp("k", "v3"), getOp("k")));
        assertThat(stale.getTxn().getSucceeded()).isFalse();
        assertThat(stale.getTxn().getResponses(0).getRange().getKvs(0).getValue().toStringUtf8()).isEqualTo("v2");
        assertThat(get("k").getValue().toStringUtf8()).isEqualTo("v2");
        assertThat(store.revision()).as("a read-only branch writes nothing").isEqualTo(rev + 1);
    }

    @Test
    void absenceAndValueCompares() {
        assertThat(apply(txn(absent("lock"), putOp("lock", "me"), getOp("lock"))).getTxn().getSucceeded()).isTrue();
        assertThat(apply(txn(absent("lock"), putOp("lock", "you"), getOp("lock"))).getTxn().getSucceeded()).isFalse();
        assertThat(apply(txn(valueIs("lock", "me"), putOp("x", "1"), getOp("x"))).getTxn().getSucceeded()).isTrue();
        assertThat(apply(txn(valueIs("missing", ""), putOp("y", "1"), getOp("y"))).getTxn().getSucceeded())
                .as("comparing the value of a missing key is false").isFalse();
    }

    @Test
    void leaseRevokeDeletesItsKeysAndPutsOnAMissingLeaseFail() {
        long lease = apply(grant(5000)).getLeaseGrant().getId();
        apply(put("session/a", "1", lease));
        apply(put("session/b", "1", lease));
        apply(put("plain", "1"));
        assertThat(store.lease(lease, true).orElseThrow().getKeysList()).containsExactly("session/a", "session/b");

        CommandResult revoked = apply(revoke(lease));
        assertThat(revoked.getLeaseRevoke().getDeleted()).isEqualTo(2);
        assertThat(get("session/a")).isNull();
        assertThat(get("plain")).isNotNull();

        CommandResult orphan = apply(put("session/c", "1", lease));
        assertThat(orphan.getError().getCode()).isEqualTo(Error.Code.LEASE_NOT_FOUND);
        assertThat(get("session/c")).isNull();
        assertThat(apply(keepAlive(lease)).getError().getCode()).isEqualTo(Error.Code.LEASE_NOT_FOUND);
    }

    @Test
    void expiryLosesToARenewalThatCameFirstInTheLog() {
        long lease = apply(grant(5000)).getLeaseGrant().getId();
        apply(put("k", "v", lease));
        long grantedAt = store.leaseRenewedAt(lease);
        apply(keepAlive(lease));

        apply(expire(lease, grantedAt));
        assertThat(get("k")).as("renewed after the leader looked: the renewal wins").isNotNull();

        apply(expire(lease, store.leaseRenewedAt(lease)));
        assertThat(get("k")).isNull();
        assertThat(store.leaseIds()).isEmpty();
    }

    @Test
    void movingAKeyToAnotherLeaseDetachesItFromTheFirst() {
        long first = apply(grant(5000)).getLeaseGrant().getId();
        long second = apply(grant(5000)).getLeaseGrant().getId();
        apply(put("k", "v", first));
        apply(put("k", "v", second));
        apply(revoke(first));
        assertThat(get("k")).isNotNull();
        apply(revoke(second));
        assertThat(get("k")).isNull();
    }

    @Test
    void watchDeliversMatchingEventsInOrderAndSaysWhereToResume() {
        apply(put("a/1", "x"));      // rev 1
        apply(put("ab", "x"));       // rev 2, not under "a/"
        apply(put("a/2", "x"));      // rev 3
        apply(delete("a/1"));        // rev 4

        WatchResponse all = store.poll(watchPrefix("a/", 1)).response();
        assertThat(all.getEventsList()).extracting(e -> e.getKv().getKey() + "@" + e.getKv().getModRevision() + ":" + e.getType())
                .containsExactly("a/1@1:PUT", "a/2@3:PUT", "a/1@4:DELETE");
        assertThat(all.getNextRevision()).isEqualTo(5);

        WatchResponse exact = store.poll(watchKey("a", 1)).response();
        assertThat(exact.getEventsList()).as("no event for a/1 or ab on a watch of exactly 'a'").isEmpty();

        WatchResponse future = store.poll(watchPrefix("a/", 0)).response();
        assertThat(future.getEventsList()).isEmpty();
        assertThat(future.getNextRevision()).isEqualTo(5);
    }

    @Test
    void aPageOfLargeValuesStopsAtTheByteBudgetAndTheRestFollows() {
        String mebibyte = "v".repeat(KvLimits.MAX_VALUE_BYTES);
        for (int i = 0; i < 10; i++) {
            apply(put("big/" + i, mebibyte));
        }
        RangeResponse first = store.range(prefix("big/", 100, ""));
        assertThat(first.getKvsCount()).isEqualTo(4);
        assertThat(first.getMore()).isTrue();
        assertThat(first.getSerializedSize()).isLessThan(KvLimits.MAX_READ_REPLY_BYTES + KvLimits.MAX_VALUE_BYTES);
        RangeResponse rest = store.range(prefix("big/", 100, first.getKvs(3).getKey()));
        RangeResponse last = store.range(prefix("big/", 100, rest.getKvs(rest.getKvsCount() - 1).getKey()));
        assertThat(first.getKvsCount() + rest.getKvsCount() + last.getKvsCount()).isEqualTo(10);
        assertThat(last.getMore()).isFalse();
        assertThat(store.range(prefix("big/", 100, "").toBuilder().setKeysOnly(true).build()).getKvsCount())
                .as("keys alone are small").isEqualTo(10);
    }

    @Test
    void aWatchReplyOfLargeValuesStopsAtTheByteBudgetBetweenRevisions() {
        String mebibyte = "v".repeat(KvLimits.MAX_VALUE_BYTES);
        for (int i = 0; i < 10; i++) {
            apply(put("big/" + i, mebibyte));
        }
        WatchResponse first = store.poll(watchPrefix("big/", 1)).response();
        assertThat(first.getEventsCount()).isEqualTo(4);
        assertThat(first.getNextRevision()).isEqualTo(5);
        WatchResponse next = store.poll(watchPrefix("big/", first.getNextRevision())).response();
        assertThat(next.getEvents(0).getKv().getKey()).isEqualTo("big/4");
    }

    @Test
    void watchNeverSplitsARevision() {
        apply(Command.newBuilder().setTxn(io.coterie.consensus.protocol.TxnRequest.newBuilder()
                .addSuccess(putOp("t/1", "x")).addSuccess(putOp("t/2", "x")).addSuccess(putOp("t/3", "x"))).build());
        apply(put("t/4", "x"));
        WatchResponse response = store.poll(watchPrefix("t/", 1).toBuilder().setMaxEvents(1).build()).response();
        assertThat(response.getEventsList()).extracting(Event::getKv).extracting(KeyValue::getKey).containsExactly("t/1", "t/2", "t/3");
        assertThat(response.getNextRevision()).isEqualTo(2);
    }

    @Test
    void watchFromACompactedRevisionIsAnExplicitError() {
        for (int i = 0; i < 10; i++) {
            apply(put("k", "v" + i));
        }
        apply(compact(6));
        WatchPoll poll = store.poll(watchKey("k", 3));
        assertThat(poll.error().getCode()).isEqualTo(Error.Code.COMPACTED);
        assertThat(poll.error().getCompactRevision()).isEqualTo(6);
        assertThat(store.poll(watchKey("k", 7)).response().getEventsCount()).isEqualTo(4);

        assertThat(apply(compact(99)).getError().getCode()).isEqualTo(Error.Code.FUTURE_REVISION);
    }

    @Test
    void compactionTargetKeepsWithinTheBudget() {
        for (int i = 0; i < 100; i++) {
            apply(put("k" + (i % 7), "v"));
        }
        long target = store.compactionTarget(10, Long.MAX_VALUE);
        assertThat(target).isEqualTo(90);
        assertThat(store.compactionTarget(1000, Long.MAX_VALUE)).isZero();
    }

    @Test
    void invalidCommandsChangeNothing() {
        apply(put("a", "1"));
        byte[] before = store.hash();
        List<Command> bad = List.of(
                put("/absolute", "x"),
                put("", "x"),
                put("k".repeat(KvLimits.MAX_KEY_BYTES + 1), "x"),
                Command.newBuilder().setPut(io.coterie.consensus.protocol.PutRequest.newBuilder().setKey("big")
                        .setValue(com.google.protobuf.ByteString.copyFrom(new byte[KvLimits.MAX_VALUE_BYTES + 1]))).build(),
                deletePrefix(""),
                grant(10),
                keepAlive(-1),
                Command.getDefaultInstance());
        for (Command command : bad) {
            CommandResult result = apply(command);
            assertThat(result.getError().getCode()).as(command.toString().lines().findFirst().orElse("")).isEqualTo(Error.Code.INVALID_ARGUMENT);
        }
        assertThat(store.hash()).isEqualTo(before);
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void aValueOfExactlyTheLimitIsAccepted() {
        CommandResult result = apply(Command.newBuilder().setPut(io.coterie.consensus.protocol.PutRequest.newBuilder()
                .setKey("big").setValue(com.google.protobuf.ByteString.copyFrom(new byte[KvLimits.MAX_VALUE_BYTES]))).build());
        assertThat(result.hasError()).isFalse();
        assertThat(get("big").getValue().size()).isEqualTo(KvLimits.MAX_VALUE_BYTES);
    }

    @Test
    void aBatchAppliesEachCommandWithItsOwnRevisionAndResult() {
        long lease = apply(grant(5000)).getLeaseGrant().getId();
        Command batch = Command.newBuilder().setBatch(io.coterie.consensus.protocol.Batch.newBuilder()
                .addCommands(put("b/1", "x"))
                .addCommands(put("b/2", "y", 999))
                .addCommands(put("b/3", "z", lease))
                .addCommands(delete("b/1"))).build();
        KvStore.Applied applied = store.apply(++index, batch);
        List<CommandResult> results = applied.result().getBatch().getResultsList();
        assertThat(results).hasSize(4);
        assertThat(results.get(0).getPut().getRevision()).isEqualTo(1);
        assertThat(results.get(1).getError().getCode()).as("one failure leaves the others alone").isEqualTo(Error.Code.LEASE_NOT_FOUND);
        assertThat(results.get(2).getPut().getRevision()).isEqualTo(2);
        assertThat(results.get(3).getDelete().getRevision()).isEqualTo(3);
        assertThat(applied.events()).extracting(e -> e.getKv().getKey() + "@" + e.getKv().getModRevision())
                .containsExactly("b/1@1", "b/3@2", "b/1@3");
        assertThat(store.revision()).isEqualTo(3);
        assertThat(get("b/3").getLease()).isEqualTo(lease);
    }

    @Test
    void aBatchWithAnInvalidMemberIsRefusedWhole() {
        Command batch = Command.newBuilder().setBatch(io.coterie.consensus.protocol.Batch.newBuilder()
                .addCommands(put("ok", "x"))
                .addCommands(put("/bad", "y"))).build();
        assertThat(apply(batch).getError().getCode()).isEqualTo(Error.Code.INVALID_ARGUMENT);
        assertThat(get("ok")).isNull();
        Command nested = Command.newBuilder().setBatch(io.coterie.consensus.protocol.Batch.newBuilder()
                .addCommands(batch)).build();
        assertThat(apply(nested).getError().getCode()).isEqualTo(Error.Code.INVALID_ARGUMENT);
    }
}
