package io.coterie.consensus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Lease;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real three-peer group on real gRPC sockets, under real failures. */
class ClusterIT {

    @TempDir
    Path dataRoot;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsensusException failure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof ConsensusException ce ? ce : null;
    }

    /**
     * Concurrent reads share a ReadIndex round and one reply; pages of 1 MiB values would make
     * that reply far larger than a gRPC message may be. Each page stops at its byte budget, and
     * the peer answers a full batch's remaining reads "alone", which the client resends.
     */
    @Test
    void concurrentReadsOfPagesOfLargeValuesAllArrive() {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient client = cluster.client();
        byte[] mebibyte = new byte[io.coterie.api.kv.KvLimits.MAX_VALUE_BYTES];
        for (int i = 0; i < 12; i++) {
            client.put("big/" + String.format("%02d", i), mebibyte).join();
        }
        List<CompletableFuture<RangePage>> pages = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pages.add(client.list("big/", "", 1000, false, Consistency.LINEARIZABLE));
        }
        for (CompletableFuture<RangePage> page : pages) {
            RangePage answer = page.join();
            assertThat(answer.kvs()).hasSize(4);
            assertThat(answer.more()).isTrue();
        }
        // Following the pages reads every key exactly once.
        List<String> keys = new ArrayList<>();
        String after = "";
        RangePage page;
        do {
            page = client.list("big/", after, 1000, false, Consistency.LINEARIZABLE).join();
            page.kvs().forEach(kv -> keys.add(kv.key()));
            after = page.lastKey();
        } while (page.more());
        assertThat(keys).hasSize(12).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void killingTheLeaderUnderLoadLosesNoAcknowledgedWriteAndAppliesNoRetryTwice() throws Exception {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient client = cluster.client();

        int writers = 4;
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger[] acked = new AtomicInteger[writers];
        AtomicInteger[] unknown = new AtomicInteger[writers];
        AtomicLong ackedAfterKill = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            acked[w] = new AtomicInteger();
            unknown[w] = new AtomicInteger();
            futures.add(pool.submit(() -> {
                for (int seq = 0; running.get(); seq++) {
                    String key = "load/" + writer + "/" + seq;
                    try {
                        client.put(key, utf8("v" + seq)).join();
                        // Also bump one key per writer: its version counts how often puts applied.
                        client.put("counter/" + writer, utf8("" + seq)).join();
                        acknowledged.put(key, "v" + seq);
                        acked[writer].incrementAndGet();
                        if (killed.get()) {
                            ackedAfterKill.incrementAndGet();
                        }
                    } catch (CompletionException e) {
                        unknown[writer].incrementAndGet();
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
        int leader = cluster.awaitLeader();
        cluster.kill(leader);
        killed.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> ackedAfterKill.get() >= 200);
        running.set(false);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        cluster.start(leader);
        cluster.awaitLeader();
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            Optional<KeyValue> kv = client.get(write.getKey()).join();
            assertThat(kv).as(write.getKey()).isPresent();
            assertThat(kv.get().valueAsString()).isEqualTo(write.getValue());
        }
        for (int w = 0; w < writers; w++) {
            long version = client.get("counter/" + w).join().orElseThrow().version();
            // Each acknowledged counter put applied exactly once; an unknown one at most once.
            assertThat(version).as("writer %d: %d acked, %d unknown", w, acked[w].get(), unknown[w].get())
                    .isBetween((long) acked[w].get(), (long) acked[w].get() + unknown[w].get());
        }
        cluster.awaitConverged(client);
    }

    @Test
    void withoutAQuorumWritesAndReadsFailFastThenRecover() {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        int leader = cluster.awaitLeader();
        ConsensusClient client = cluster.client(Duration.ofSeconds(4));
        client.put("before", utf8("1")).join();

        int a = (leader + 1) % 3;
        int b = (leader + 2) % 3;
        cluster.kill(a);
        cluster.kill(b);

        assertThat(client.put("during", utf8("1")))
                .failsWithin(Duration.ofSeconds(20))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(ConsensusException.NoQuorum.class)
                .withMessageContaining("no quorum");
        assertThat(client.get("before"))
                .failsWithin(Duration.ofSeconds(20))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(ConsensusException.NoQuorum.class);

        cluster.start(a);
        cluster.awaitLeader();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.put("after", utf8("1")).join().revision() > 0);
        assertThat(client.get("before").join()).isPresent();
    }

    @Test
    void restartingEveryPeerKeepsEveryAcknowledgedWrite() {
        cluster = new LocalCluster(3, dataRoot, c -> c.withSnapshotEvery(100));
        cluster.awaitLeader();
        ConsensusClient client = cluster.client();
        List<java.util.concurrent.CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            writes.add(client.put("durable/" + i, utf8("value-" + i)));
        }
        writes.forEach(java.util.concurrent.CompletableFuture::join);
        long revision = client.revision().join();

        for (int i = 0; i < 3; i++) {
            cluster.kill(i);
        }
        for (int i = 0; i < 3; i++) {
            cluster.start(i);
        }
        cluster.awaitLeader();
        assertThat(client.revision().join()).isEqualTo(revision);
        for (int i = 0; i < 500; i++) {
            assertThat(client.get("durable/" + i).join()).map(KeyValue::valueAsString).contains("value-" + i);
        }
        cluster.awaitConverged(client);
    }

    @Test
    void aLaggingPeerCatchesUpThroughASnapshot() throws Exception {
        cluster = new LocalCluster(3, dataRoot, c -> c.withSnapshotEvery(50).withSegmentBytes(64 * 1024));
        int leader = cluster.awaitLeader();
        ConsensusClient client = cluster.client();
        int lagging = (leader + 1) % 3;
        client.put("early", utf8("x")).join();
        long lastIndexBeforeStop = cluster.peer(lagging).division().getRaftLog().getLastEntryTermIndex().getIndex();
        cluster.kill(lagging);

        byte[] value = new byte[2048];
        for (int i = 0; i < 600; i++) {
            client.put("catchup/" + (i % 100), value).join();
        }
        leader = cluster.awaitLeader();
        ConsensusPeer leaderPeer = cluster.peer(leader);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                leaderPeer.division().getRaftLog().getStartIndex() > lastIndexBeforeStop + 1);

        cluster.start(lagging);
        cluster.awaitConverged(client);
        // The entries it missed are gone from the leader's log, so only a snapshot could have brought them.
        assertThat(cluster.peer(lagging).stateMachine().getLatestSnapshot().getIndex()).isGreaterThan(lastIndexBeforeStop);
        assertThat(client.status(cluster.peer(lagging).id(), false).join().keyCount()).isEqualTo(101);
    }

    @Test
    void anExpiredLeaseTakesItsKeysAlongAndARenewedOneKeepsThem() {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient client = cluster.client();
        Lease dying = client.grantLease(Duration.ofSeconds(1)).join();
        Lease living = client.grantLease(Duration.ofSeconds(1)).join();
        client.put("ephemeral/dying", utf8("x"), dying.id()).join();
        client.put("ephemeral/living", utf8("x"), living.id()).join();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            client.keepAlive(living.id()).join();
            return client.get("ephemeral/dying").join().isEmpty() && System.nanoTime() > deadline;
        });
        assertThat(client.get("ephemeral/living").join()).isPresent();
        assertThat(client.lease(dying.id(), false).join()).isEmpty();
        assertThatThrownBy(() -> client.keepAlive(dying.id()).join())
                .hasCauseInstanceOf(ConsensusException.LeaseNotFound.class);
    }

    @Test
    void watchesStayOrderedAndGapFreeAcrossALeaderChange() {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient writer = cluster.client();
        ConsensusClient watcher = cluster.client();
        writer.put("outside", utf8("x")).join();
        long start = writer.revision().join() + 1;

        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        Watch watch = watcher.watch("watched/", true, start, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                seen.addAll(events);
            }
        });
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 300; i++) {
            if (i == 150) {
                cluster.kill(cluster.awaitLeader());
            }
            try {
                acknowledged.add(writer.put("watched/" + (i % 10), utf8("" + i)).join().revision());
            } catch (CompletionException e) {
                // Unknown outcome; the watch may or may not see it.
            }
            if (i % 3 == 0) {
                writer.put("unwatched/" + i, utf8("x")).join();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !seen.isEmpty() && seen.get(seen.size() - 1).revision() >= acknowledged.get(acknowledged.size() - 1));
        watch.close();

        List<Long> revisions = seen.stream().map(WatchEvent::revision).toList();
        assertThat(revisions).as("strictly increasing: ordered, no duplicates").isSorted().doesNotHaveDuplicates();
        assertThat(revisions).as("no gaps").containsAll(acknowledged);
        assertThat(seen).allMatch(e -> e.kv().key().startsWith("watched/"), "only keys under the prefix");
    }

    @Test
    void eightClientsIncrementingOneCounterWithCompareAndSetLoseNothing() throws Exception {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient setup = cluster.client();
        setup.put("counter", utf8("0")).join();

        int clients = 8;
        int incrementsEach = 25;
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ConsensusClient client = cluster.client();
            futures.add(pool.submit(() -> {
                int mine = 0;
                while (mine < incrementsEach) {
                    KeyValue current = client.get("counter").join().orElseThrow();
                    long next = Long.parseLong(current.valueAsString()) + 1;
                    TxnResult result = client.txn(Txn.builder()
                            .when(Compare.modRevision("counter", Compare.Result.EQUAL, current.modRevision()))
                            .then(Op.put("counter", utf8(Long.toString(next))))
                            .build()).join();
                    if (result.succeeded()) {
                        mine++;
                        successes.incrementAndGet();
                    } else {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long value = Long.parseLong(setup.get("counter").join().orElseThrow().valueAsString());
        assertThat(value).isEqualTo(successes.get()).isEqualTo(clients * incrementsEach);
        assertThat(conflicts.get()).as("the clients really raced").isPositive();
    }

    @Test
    void aPeerJoinsCatchesUpAndLeavesAgain() throws Exception {
        cluster = new LocalCluster(3, dataRoot, c -> c);
        cluster.awaitLeader();
        ConsensusClient client = cluster.client();
        for (int i = 0; i < 50; i++) {
            client.put("before-join/" + i, utf8("x")).join();
        }

        io.coterie.consensus.client.Member fourth = new io.coterie.consensus.client.Member("n4", "127.0.0.1:" + LocalCluster.freePort());
        PeerConfig joining = new PeerConfig("n4", "127.0.0.1", fourth.port(), List.of(), true, dataRoot.resolve("n4"),
                io.coterie.consensus.client.ClusterIds.DEFAULT_CLUSTER, PeerConfig.Timing.FAST, 10_000, 8L << 20,
                HistoryRetention.DEFAULT);
        try (ConsensusPeer newcomer = ConsensusPeer.start(joining)) {
            assertThatThrownBy(() -> client.addMember(new io.coterie.consensus.client.Member("n5", "127.0.0.1:1")))
                    .isInstanceOf(ConsensusException.InvalidRequest.class)
                    .hasMessageContaining("does not answer");

            io.coterie.consensus.client.ClusterStatus status = client.addMember(fourth);
            assertThat(status.members()).extracting(io.coterie.consensus.client.MemberStatus::id).contains("n1", "n2", "n3", "n4");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.status("n4", false).join().keyCount() == client.status(null, false).join().keyCount());
            assertThat(newcomer.isReady()).isTrue();
            assertThatThrownBy(() -> client.addMember(fourth)).hasMessageContaining("already a member");

            io.coterie.consensus.client.ClusterStatus after = client.removeMember("n4");
            assertThat(after.members()).extracting(io.coterie.consensus.client.MemberStatus::id).containsExactlyInAnyOrder("n1", "n2", "n3");
            client.put("after-leave", utf8("x")).join();
            assertThat(client.get("after-leave").join()).isPresent();
        }
    }
}
