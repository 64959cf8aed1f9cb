package io.coterie.scheduler.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.Txn;
import io.coterie.ids.IdRangeAllocator;
import io.coterie.ids.StoreIdCounter;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.service.ClusterInvariants;
import io.coterie.scheduler.service.SimulatedAgent;
import io.coterie.teststore.TestStore;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.LedgerRecord;
import io.coterie.scheduler.service.store.RestartRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two compares that keep placements safe, each seen failing against a real store (a private
 * one: no other leader here): the leader key's create revision (a deposed leader writes nothing)
 * and the host's ledger revision (a placement computed before the host changed is refused).
 */
class FencingTest {

    private static TestStore store;
    private static SimulatedAgent agent;
    private static BlockingStore blocking;
    private static ReconcilePass pass;

    @BeforeAll
    static void storeAndOneHost() {
        store = TestStore.startOwn();
        agent = SimulatedAgent.start(store.client(), Host.of("fence-h1", 4, 8L << 30), Duration.ofSeconds(10));
        blocking = new BlockingStore(store.client(), Duration.ofSeconds(10));
        pass = new ReconcilePass(blocking, new Pids(new IdRangeAllocator(new StoreIdCounter(store.client(), Duration.ofSeconds(10)), 10)));
    }

    @AfterAll
    static void close() {
        agent.close();
        store.close();
    }

    @Test
    void aDeposedLeaderPlacesNothingAndItsSuccessorPlacesEverything() {
        long deposed = lead("old");
        submit("fence-a");
        assertThat(pass.run(deposed).placed()).isEqualTo(1);

        blocking.await(store.client().delete(SchedulerKeys.LEADER));
        long current = lead("new");
        assertThat(current).isGreaterThan(deposed);
        submit("fence-b");
        assertThatThrownBy(() -> pass.run(deposed)).isInstanceOf(StaleViewException.class);
        assertThat(allocationsOf("fence-b")).as("the deposed leader wrote nothing").isEmpty();
        assertThat(keys(SchedulerKeys.replicasOf("fence-b"))).isEmpty();
        assertThat(keys("names/jobs/fence-b/")).isEmpty();

        assertThat(pass.run(current).placed()).isEqualTo(1);
        assertThat(allocationsOf("fence-b")).singleElement().satisfies(allocation -> assertThat(allocation.fencingToken()).isEqualTo(current));
        assertThat(allocationsOf("fence-a")).singleElement().satisfies(allocation -> assertThat(allocation.fencingToken()).isEqualTo(deposed));
        ClusterInvariants.check(store.client(), Map.of(agent.hostId, agent.host));
    }

    @Test
    void aPlacementComputedBeforeItsHostChangedIsRefusedAndTheNextPassPlacesIt() {
        long token = leaderToken();
        submit("fence-c");
        PassContext context = new PassContext(new ClusterStateReader(blocking).read(), token);
        // Another placement on the host commits between the read and this pass's commit.
        blocking.await(store.client().put(SchedulerKeys.ledger(agent.hostId), StoreJson.encode(new LedgerRecord(99))));
        new HostLossStep(new Verdicts(blocking), new FencedWrites(blocking)).run(context);
        PlacementStep placement = new PlacementStep(new FencedWrites(blocking), new Verdicts(blocking), new io.coterie.scheduler.ReplicaPlacer(),
                new Pids(new IdRangeAllocator(new StoreIdCounter(store.client(), Duration.ofSeconds(10)), 10)));
        assertThatThrownBy(() -> placement.run(context)).isInstanceOf(StaleViewException.class);
        assertThat(allocationsOf("fence-c")).isEmpty();

        pass.run(token);
        assertThat(allocationsOf("fence-c")).hasSize(1);
        ClusterInvariants.check(store.client(), Map.of(agent.hostId, agent.host));
    }

    /** Takes the leader key if nobody holds it; the fencing token is its create revision. */
    private static long lead(String instance) {
        long lease = blocking.await(store.client().grantLease(Duration.ofSeconds(60))).id();
        blocking.txn(Txn.builder().when(Compare.absent(SchedulerKeys.LEADER))
                .then(Op.put(SchedulerKeys.LEADER, ("{\"instance\":\"" + instance + "\"}").getBytes(), lease)).build());
        return blocking.get(SchedulerKeys.LEADER).orElseThrow().createRevision();
    }

    /** Whoever leads now (taking the key if nobody does): the tests may run in either order. */
    private static long leaderToken() {
        return blocking.get(SchedulerKeys.LEADER).map(io.coterie.consensus.client.KeyValue::createRevision).orElseGet(() -> lead("test"));
    }

    private static void submit(String name) {
        JobRecord job = new JobRecord(name, List.of("/bin/sleep", "100"), Map.of(), BigDecimal.ONE, null, 1L << 30, 1, 0, List.of(),
                "spread", null, new RestartRecord("never", 0), JobRecord.RUNNING, "tester", Instant.now().toString());
        blocking.await(store.client().put(SchedulerKeys.job(name), StoreJson.encode(job)));
    }

    private static List<AllocationRecord> allocationsOf(String job) {
        return ClusterInvariants.allocations(store.client()).stream().filter(allocation -> allocation.job().equals(job)).toList();
    }

    private static List<String> keys(String prefix) {
        return store.client().list(prefix, "", 100, true, Consistency.LINEARIZABLE).join().kvs().stream()
                .map(io.coterie.consensus.client.KeyValue::key).toList();
    }
}
