package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The size {@code coterie bench sched} will drive: 5000 hosts, 100 000 allocations. Not a benchmark
 * (the bench measures); a guard that a placement stays one pass over the hosts, with timeouts
 * generous enough for a slow CI machine but far below what a quadratic placer would need.
 */
class PlacerScaleTest {

    private static final long GIB = 1L << 30;
    private static final int HOSTS = 5000;
    private static final int ALLOCATIONS_PER_HOST = 20;
    private static ClusterSnapshot cluster;

    @BeforeAll
    static void fillCluster() {
        List<Host> hosts = new ArrayList<>();
        List<Allocation> allocations = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            String id = String.format("host-%04d", h);
            hosts.add(Host.of(id, 32, 128 * GIB).withLabel("zone", "z" + h % 10).withLabel("rack", "r" + h % 100));
            for (int a = 0; a < ALLOCATIONS_PER_HOST; a++) {
                boolean pinned = a < 4;
                allocations.add(new Allocation(id + "-" + a, "filler-" + a, h, id,
                        pinned ? CpuRequest.exclusive(2) : CpuRequest.shared(1000 + h % 7 * 50),
                        pinned ? List.of(2 * a, 2 * a + 1) : List.of(), (2 + a % 3) * GIB, a * 40));
            }
        }
        cluster = ClusterSnapshot.of(hosts, allocations);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void placesAThousandReplicasOneHostPassEach() {
        JobSpec web = JobSpec.builder("web").command("/bin/web").cpu(CpuRequest.shared(500)).memoryBytes(GIB)
                .replicas(1000).constraints("zone!=z3").affinityPath("/data/web").build();
        JobSpec db = JobSpec.builder("db").command("/bin/db").cpu(CpuRequest.exclusive(2)).memoryBytes(8 * GIB)
                .replicas(1000).strategy(PlacementStrategy.BINPACK).build();
        ReplicaPlacer replicas = new ReplicaPlacer();

        long started = System.nanoTime();
        ReplicaPlan webPlan = replicas.placeAll(cluster, web, (job, index) -> "web-" + index);
        ReplicaPlan dbPlan = replicas.placeAll(webPlan.after(), db, (job, index) -> "db-" + index);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("2000 placements against %d hosts / %d allocations: %d ms (%.1f µs each)%n",
                HOSTS, HOSTS * ALLOCATIONS_PER_HOST, millis, millis * 1000.0 / 2000);

        assertThat(webPlan.allocations()).hasSize(1000).allSatisfy(a -> assertThat(a.hostId()).doesNotEndWith("3"));
        assertThat(webPlan.allocations()).extracting(Allocation::hostId).doesNotHaveDuplicates();
        assertThat(dbPlan.allocations()).hasSize(1000);
        assertThat(dbPlan.after().allocations()).hasSize(HOSTS * ALLOCATIONS_PER_HOST + 2000);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void preemptionAndPendingStayLinearToo() {
        JobSpec huge = JobSpec.builder("huge").command("/bin/huge").cpu(CpuRequest.shared(20_000)).memoryBytes(GIB)
                .priority(1000).build();
        JobSpec impossible = JobSpec.builder("impossible").command("/bin/x").cpu(CpuRequest.exclusive(64))
                .memoryBytes(GIB).priority(1000).build();
        Placer placer = new Placer();

        long started = System.nanoTime();
        Decision preempt = null;
        Decision pending = null;
        for (int i = 0; i < 50; i++) {
            preempt = placer.place(cluster, huge);
            pending = placer.place(cluster, impossible);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("50 preemption searches and 50 pending explanations over %d hosts: %d ms%n", HOSTS, millis);

        assertThat(preempt).isInstanceOf(PreemptionPlan.class);
        assertThat(((PreemptionPlan) preempt).victims()).allSatisfy(v -> assertThat(v.priority()).isLessThan(1000));
        assertThat(pending).hasToString("Pending[5000 hosts: 5000 fewer than 64 free whole CPUs]");
    }
}
