package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReplicaPlacerTest {

    private static final long GIB = 1L << 30;
    private static final AllocationIds IDS = (job, index) -> job.name() + "-" + index;

    private final ReplicaPlacer replicas = new ReplicaPlacer();

    @Test
    void laterReplicasSeeEarlierOnes() {
        // 5 CPUs: 4 may be pinned (the shared pool keeps CPU 4), so two replicas of 2 per host.
        List<Host> hosts = List.of(Host.of("h1", 5, 8 * GIB), Host.of("h2", 5, 8 * GIB), Host.of("h3", 5, 8 * GIB));
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, List.of());
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.exclusive(2)).memoryBytes(GIB)
                .replicas(7).build();

        ReplicaPlan plan = replicas.placeAll(cluster, web, IDS);

        assertThat(plan.allocations()).extracting(Allocation::hostId)
                .containsExactly("h1", "h2", "h3", "h1", "h2", "h3");
        assertThat(plan.allocations()).extracting(Allocation::exclusiveCpuIds)
                .containsExactly(List.of(0, 1), List.of(0, 1), List.of(0, 1), List.of(2, 3), List.of(2, 3), List.of(2, 3));
        assertThat(plan.pending()).singleElement().satisfies(replica -> {
            assertThat(replica.index()).isEqualTo(6);
            assertThat(replica.decision()).hasToString("Pending[3 hosts: 3 fewer than 2 free whole CPUs]");
        });
        assertThat(cluster.allocations()).as("the snapshot given is left alone").isEmpty();
        assertThat(plan.after().allocations()).hasSize(6);
    }

    @Test
    void aTwoCpuHostTakesOneExclusiveReplicaAndKeepsItsOtherCpuForSharedWork() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(Host.of("h1", 2, 8 * GIB)), List.of());
        JobSpec db = JobSpec.builder("db").command("/bin/db").cpu(CpuRequest.exclusive(1)).memoryBytes(GIB)
                .replicas(2).build();

        ReplicaPlan plan = replicas.placeAll(cluster, db, IDS);

        assertThat(plan.allocations()).singleElement().satisfies(allocation -> {
            assertThat(allocation.hostId()).isEqualTo("h1");
            assertThat(allocation.exclusiveCpuIds()).containsExactly(0);
        });
        // CPU 1 is unpinned and its 1000m are free, but it is the shared pool's last CPU.
        assertThat(plan.pending()).singleElement().satisfies(replica -> {
            assertThat(replica.index()).isEqualTo(1);
            assertThat(replica.decision()).hasToString("Pending[1 host: 1 no free whole CPU]");
        });
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.shared(500)).memoryBytes(GIB).build();
        ReplicaPlan shared = replicas.placeAll(plan.after(), web, IDS);
        assertThat(shared.pending()).isEmpty();
        assertThat(shared.allocations()).singleElement().satisfies(allocation -> {
            assertThat(allocation.hostId()).isEqualTo("h1");
            assertThat(allocation.exclusiveCpuIds()).isEmpty();
        });
        assertThat(shared.after().ledger("h1").freeSharedMillicores()).isEqualTo(500);
    }

    @Test
    void everyReplicaAfterTheFirstPendingOneIsPendingToo() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(Host.of("h1", 1, GIB)), List.of());
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.shared(400)).memoryBytes(1)
                .replicas(5).build();

        ReplicaPlan plan = replicas.placeAll(cluster, web, IDS);

        assertThat(plan.allocations()).hasSize(2);
        assertThat(plan.pending()).extracting(ReplicaDecision::index).containsExactly(2, 3, 4);
    }

    @Test
    void hostLossFreesTheHostAndTheMissingReplicasAreReplacedElsewhere() {
        List<Host> hosts = List.of(Host.of("h1", 4, 8 * GIB), Host.of("h2", 4, 8 * GIB), Host.of("h3", 4, 8 * GIB));
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.shared(1000)).memoryBytes(GIB)
                .replicas(3).priority(100).build();
        JobSpec batch = JobSpec.builder("batch").command("/bin/batch").cpu(CpuRequest.shared(1000)).memoryBytes(GIB)
                .priority(5).build();
        ClusterSnapshot placed = replicas.placeAll(ClusterSnapshot.of(hosts, List.of()), web, IDS).after();
        placed = replicas.placeAll(placed, batch, IDS).after();

        HostLoss loss = HostLoss.of(placed, Set.of("h1"));

        assertThat(loss.lost()).extracting(Allocation::id).containsExactly("web-0", "batch-0");
        assertThat(loss.after().host("h1")).hasValueSatisfying(host -> assertThat(host.up()).isFalse());
        assertThat(loss.after().allocations()).extracting(Allocation::hostId).doesNotContain("h1");
        assertThat(placed.allocations()).extracting(Allocation::hostId).contains("h1");

        ReplicaPlan replaced = replicas.placeMissing(loss.after(), web, (job, index) -> job.name() + "-" + index + "b");
        assertThat(replaced.decisions()).extracting(ReplicaDecision::index).containsExactly(0);
        assertThat(replaced.allocations()).extracting(Allocation::hostId).containsExactly("h2");
        assertThat(HostLoss.of(loss.after(), Set.of()).lost()).isEmpty();
    }

    @Test
    void preemptionsOfEarlierReplicasAreAppliedToTheWorkingCopy() {
        List<Host> hosts = List.of(Host.of("h1", 3, 8 * GIB));
        List<Allocation> taken = List.of(
                new Allocation("b0", "batch", 0, "h1", CpuRequest.shared(1500), List.of(), GIB, 1),
                new Allocation("b1", "batch", 1, "h1", CpuRequest.shared(1500), List.of(), GIB, 2));
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.exclusive(1)).memoryBytes(GIB)
                .replicas(2).priority(10).build();

        ReplicaPlan plan = replicas.placeAll(ClusterSnapshot.of(hosts, taken), web, IDS);

        assertThat(plan.victims()).extracting(Allocation::id).containsExactly("b0", "b1");
        assertThat(plan.allocations()).extracting(Allocation::exclusiveCpuIds).containsExactly(List.of(0), List.of(1));
        assertThat(plan.after().allocations()).extracting(Allocation::job).containsOnly("web");
    }
}
