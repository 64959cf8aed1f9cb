package io.coterie.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mirror against a real one-peer group. */
class NameCacheTest {

    private static OnePeerGroup group;
    private static ConsensusClient store;

    @BeforeAll
    static void startGroup() throws Exception {
        group = OnePeerGroup.start();
        store = group.client;
    }

    @AfterAll
    static void stopGroup() throws Exception {
        group.close();
    }

    private static long bind(String name, Entry entry) {
        return store.put(NamePath.of(name).storeKey(), EntryCodec.encode(entry)).join().revision();
    }

    @Test
    void loadsWhatIsThereThenFollowsEveryChange() throws Exception {
        // More names than one load page, so the load spans pages read at different revisions.
        for (int i = 0; i < 60; i++) {
            bind("/load/n" + i, DirectoryEntry.empty());
        }
        try (NameCache cache = NameCache.start(store, Duration.ofMillis(500))) {
            assertThat(cache.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            assertThat(cache.resolve(NamePath.of("/load/n59"))).isPresent();

            long bound = bind("/load/new", LinkEntry.to("/load/n1"));
            assertThat(cache.awaitRevision(bound, Duration.ofSeconds(5))).isTrue();
            Binding link = cache.resolve(NamePath.of("/load/new")).orElseThrow();
            assertThat(link.entry()).isEqualTo(LinkEntry.to("/load/n1"));
            assertThat(link.revision()).isEqualTo(bound);

            long deleted = store.delete(NamePath.of("/load/n1").storeKey()).join().revision();
            assertThat(cache.awaitRevision(deleted, Duration.ofSeconds(5))).isTrue();
            assertThat(cache.resolve(NamePath.of("/load/n1"))).isEmpty();
        }
    }

    @Test
    void aScopedMirrorHoldsOnlyTheNamesUnderItsPrefix() throws Exception {
        bind("/scope/in/a", DirectoryEntry.empty());
        bind("/scope/out", DirectoryEntry.empty());
        try (NameCache cache = NameCache.start(store, NamePrefix.of("/scope/in/"), Duration.ofMillis(200))) {
            assertThat(cache.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            long outside = bind("/scope/inside-not", DirectoryEntry.empty());
            long inside = bind("/scope/in/b", LinkEntry.to("/scope/in/a"));
            assertThat(cache.awaitRevision(Math.max(inside, outside), Duration.ofSeconds(5))).isTrue();

            assertThat(cache.under(NamePrefix.of("/")).stream().map(b -> b.path().toString()))
                    .containsExactly("/scope/in/a", "/scope/in/b");
            assertThat(cache.resolve(NamePath.of("/scope/out"))).isEmpty();
            assertThat(cache.under(NamePrefix.of("/scope/in/b"))).hasSize(1);
        }
    }

    @Test
    void writesDuringTheLoadAreNeitherLostNorResurrected() throws Exception {
        for (int i = 0; i < 100; i++) {
            bind("/churn/n" + i, DirectoryEntry.empty());
        }
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                if (i % 2 == 0) {
                    store.delete(NamePath.of("/churn/n" + i).storeKey()).join();
                } else {
                    bind("/churn/n" + i, LinkEntry.to("/churn/v" + i));
                }
            }
        });
        writer.start();
        try (NameCache cache = NameCache.start(store, Duration.ofMillis(500))) {
            writer.join();
            long last = store.revision().join();
            assertThat(cache.awaitRevision(last, Duration.ofSeconds(20))).isTrue();
            for (int i = 0; i < 100; i++) {
                var entry = cache.resolve(NamePath.of("/churn/n" + i)).map(Binding::entry);
                if (i % 2 == 0) {
                    assertThat(entry).as("n" + i).isEmpty();
                } else {
                    assertThat(entry).as("n" + i).contains(LinkEntry.to("/churn/v" + i));
                }
            }
        }
    }

    @Test
    void stalenessIsSmallWhileTheStoreAnswersAndAValueThatIsNoEntryCountsAsUnbound() throws Exception {
        store.put("names/garbage/a", "not an entry".getBytes(StandardCharsets.UTF_8)).join();
        try (NameCache cache = NameCache.start(store, Duration.ofMillis(200))) {
            assertThat(cache.stalenessMillis()).isEqualTo(Long.MAX_VALUE);
            assertThat(cache.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            // Idle, each poll waits 200 ms on the store and answers: confirmations keep coming.
            for (int i = 0; i < 10; i++) {
                long before = cache.revision();
                await().atMost(Duration.ofSeconds(2)).until(() -> cache.stalenessMillis() < 400);
                assertThat(cache.revision()).isGreaterThanOrEqualTo(before);
            }
            assertThat(cache.resolve(NamePath.of("/garbage/a"))).isEmpty();
            long rebound = bind("/garbage/a", DirectoryEntry.empty());
            assertThat(cache.awaitRevision(rebound, Duration.ofSeconds(5))).isTrue();
            assertThat(cache.resolve(NamePath.of("/garbage/a"))).isPresent();
            long spoiled = store.put("names/garbage/a", new byte[] {1}).join().revision();
            assertThat(cache.awaitRevision(spoiled, Duration.ofSeconds(5))).isTrue();
            assertThat(cache.resolve(NamePath.of("/garbage/a"))).isEmpty();
        }
    }

    @Test
    void aWatchThatFellBehindACompactionReloads() throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NameCache.PollGate gate = from -> {
            if (hold.get()) {
                held.countDown();
                release.await();
            }
        };
        try (NameCache cache = NameCache.start(store, Duration.ofMillis(200), gate)) {
            assertThat(cache.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            assertThat(cache.loads()).isEqualTo(1);
            hold.set(true);
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            // The follower is held before its next poll while the store moves on and forgets.
            long behind = cache.revision();
            for (int i = 0; i < 20; i++) {
                bind("/compact/n" + i, DirectoryEntry.empty());
            }
            store.delete(NamePath.of("/compact/n3").storeKey()).join();
            store.compact(store.revision().join()).join();
            assertThat(cache.revision()).isEqualTo(behind);
            hold.set(false);
            release.countDown();

            long last = bind("/compact/after", DirectoryEntry.empty());
            assertThat(cache.awaitRevision(last, Duration.ofSeconds(10))).isTrue();
            assertThat(cache.loads()).isEqualTo(2);
            assertThat(cache.resolve(NamePath.of("/compact/n19"))).isPresent();
            assertThat(cache.resolve(NamePath.of("/compact/n3"))).isEmpty();
        }
    }

    @Test
    void closingStopsTheFollower() throws Exception {
        NameCache cache = NameCache.start(store, Duration.ofMillis(200));
        assertThat(cache.awaitLoaded(Duration.ofSeconds(20))).isTrue();
        cache.close();
        long revision = cache.revision();
        bind("/closed/x", DirectoryEntry.empty());
        assertThat(cache.awaitRevision(revision + 1, Duration.ofMillis(600))).isFalse();
    }
}
