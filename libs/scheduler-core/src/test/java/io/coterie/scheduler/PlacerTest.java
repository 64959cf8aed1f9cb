package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlacerTest {

    private static final long GIB = 1L << 30;
    private final Placer placer = new Placer();

    private static JobSpec.Builder job(String name, CpuRequest cpu, long memory) {
        return JobSpec.builder(name).command("/bin/run").cpu(cpu).memoryBytes(memory);
    }

    private static Allocation shared(String id, String hostId, long millicores, long memory, int priority) {
        return new Allocation(id, "other-" + id, 0, hostId, CpuRequest.shared(millicores), List.of(), memory, priority);
    }

    @Test
    void explainsPerReasonHowManyHostsWereRejected() {
        List<Host> hosts = List.of(
                Host.of("h1", 8, GIB).withLabel("zone", "edge"),
                Host.of("h2", 8, GIB).withLabel("zone", "edge"),
                Host.of("h3", 8, 2 * GIB).withLabel("zone", "edge"),
                Host.of("h4", 8, 64 * GIB).withLabel("zone", "core"),
                Host.of("h5", 8, 64 * GIB));
        JobSpec job = job("etl", CpuRequest.shared(500), 4 * GIB).constraints("zone=edge").build();

        Decision decision = placer.place(ClusterSnapshot.of(hosts, List.of()), job);

        assertThat(decision).isInstanceOf(Pending.class);
        Explanation why = ((Pending) decision).explanation();
        assertThat(why).hasToString("5 hosts: 3 short of memory, 2 missing label zone=edge");
        assertThat(why.count("short of memory")).isEqualTo(3);
        assertThat(why.rejected()).isEqualTo(why.hosts());
    }

    @Test
    void eachHostCountsOnceUnderTheFirstReasonItFails() {
        List<Host> hosts = List.of(
                Host.of("h1", 4, 64 * GIB).down(),
                Host.of("h2", 4, 64 * GIB).withLabel("disk", "hdd"),
                Host.of("h3", 4, 64 * GIB),
                Host.of("h4", 2, GIB),
                Host.of("h5", 2, 64 * GIB));
        List<Allocation> taken = List.of(shared("x1", "h3", 3500, GIB, 1000), shared("x5", "h5", 1600, GIB, 1000));
        JobSpec job = job("db", CpuRequest.exclusive(1), 2 * GIB).constraints("disk!=hdd").priority(1000).build();

        Pending pending = (Pending) placer.place(ClusterSnapshot.of(hosts, taken), job);

        assertThat(pending.explanation()).hasToString(
                "5 hosts: 2 no free whole CPU, 1 down, 1 labelled disk=hdd, 1 short of memory");
        assertThat(new Explanation(1, java.util.Map.of("down", 1))).hasToString("1 host: 1 down");
        assertThat(new Explanation(0, java.util.Map.of())).hasToString("0 hosts");
        assertThat(((Pending) placer.place(ClusterSnapshot.of(hosts, taken),
                job("web", CpuRequest.shared(4000), 2 * GIB).constraints("disk!=hdd").priority(1000).build())).explanation())
                .hasToString("5 hosts: 2 short of CPU, 1 down, 1 labelled disk=hdd, 1 short of CPU and memory");
    }

    @Test
    void spreadPrefersTheLeastUtilisedHostAndBinPackTheMost() {
        List<Host> hosts = List.of(Host.of("h1", 4, 8 * GIB), Host.of("h2", 4, 8 * GIB), Host.of("h3", 4, 8 * GIB));
        List<Allocation> taken = List.of(shared("x1", "h1", 2000, 4 * GIB, 0), shared("x2", "h2", 1000, GIB, 0));
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, taken);

        Placement spread = (Placement) placer.place(cluster, job("web", CpuRequest.shared(1000), GIB).build());
        Placement packed = (Placement) placer.place(cluster,
                job("web", CpuRequest.shared(1000), GIB).strategy(PlacementStrategy.BINPACK).build());

        assertThat(spread.hostId()).isEqualTo("h3");
        assertThat(packed.hostId()).isEqualTo("h1");
    }

    @Test
    void binPackSkipsTheFullestHostWhenTheReplicaDoesNotFitThere() {
        List<Host> hosts = List.of(Host.of("h1", 4, 8 * GIB), Host.of("h2", 4, 8 * GIB));
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, List.of(shared("x1", "h1", 3500, GIB, 0)));

        Placement placement = (Placement) placer.place(cluster,
                job("web", CpuRequest.shared(1000), GIB).strategy(PlacementStrategy.BINPACK).build());

        assertThat(placement.hostId()).isEqualTo("h2");
    }

    @Test
    void spreadPrefersFewerReplicasOfTheSameJobOverLowerUtilisation() {
        List<Host> hosts = List.of(Host.of("h1", 16, 64 * GIB), Host.of("h2", 4, 8 * GIB));
        List<Allocation> taken = List.of(
                new Allocation("w0", "web", 0, "h1", CpuRequest.shared(100), List.of(), GIB, 0),
                shared("x1", "h2", 2000, 4 * GIB, 0));
        JobSpec web = job("web", CpuRequest.shared(100), GIB).build();

        assertThat(((Placement) placer.place(ClusterSnapshot.of(hosts, taken), web)).hostId()).isEqualTo("h2");
    }

    @Test
    void tiesGoToTheSmallerHostIdWhateverTheInputOrder() {
        List<Host> hosts = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            hosts.add(Host.of("h" + i, 4, 8 * GIB));
        }
        JobSpec web = job("web", CpuRequest.shared(100), GIB).build();
        JobSpec packed = job("web", CpuRequest.shared(100), GIB).strategy(PlacementStrategy.BINPACK).build();

        for (int round = 0; round < 5; round++) {
            Collections.shuffle(hosts, new java.util.Random(round));
            ClusterSnapshot cluster = ClusterSnapshot.of(hosts, List.of());
            assertThat(((Placement) placer.place(cluster, web)).hostId()).isEqualTo("h0");
            assertThat(((Placement) placer.place(cluster, packed)).hostId()).isEqualTo("h0");
        }
    }

    @Test
    void hostsHoldingTheDataWinWhileTheyHaveRoom() {
        List<Host> hosts = List.of(
                Host.of("h1", 4, 8 * GIB),
                Host.of("h2", 4, 8 * GIB).withDataPath("/data/logs"),
                Host.of("h3", 4, 8 * GIB).withDataPath("/data/other"));
        List<Allocation> taken = List.of(shared("x2", "h2", 2000, 4 * GIB, 0));
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, taken);

        JobSpec nearLogs = job("scan", CpuRequest.shared(1000), GIB).affinityPath("/data/logs/2026-05").build();
        assertThat(((Placement) placer.place(cluster, nearLogs)).hostId()).isEqualTo("h2");

        JobSpec tooBigForH2 = job("scan", CpuRequest.shared(3000), GIB).affinityPath("/data/logs").build();
        assertThat(((Placement) placer.place(cluster, tooBigForH2)).hostId()).isEqualTo("h1");

        JobSpec noAffinity = job("scan", CpuRequest.shared(1000), GIB).build();
        assertThat(((Placement) placer.place(cluster, noAffinity)).hostId()).isEqualTo("h1");
    }

    @Test
    void exclusiveCpusAreTheLowestUnpinnedIdsOfTheChosenHost() {
        Host host = Host.of("h1", 8, 8 * GIB);
        List<Allocation> taken = List.of(
                new Allocation("p1", "db", 0, "h1", CpuRequest.exclusive(2), List.of(0, 2), GIB, 0),
                shared("s1", "h1", 1500, GIB, 0));

        Placement placement = (Placement) placer.place(ClusterSnapshot.of(List.of(host), taken),
                job("cache", CpuRequest.exclusive(3), GIB).build());

        assertThat(placement.exclusiveCpuIds()).containsExactly(1, 3, 4);
        assertThat(placement.allocation("c1", job("cache", CpuRequest.exclusive(3), GIB).build(), 0).exclusiveCpuIds())
                .containsExactly(1, 3, 4);
    }

    @Test
    void preemptsTheLeastImportantAllocationsThatMakeRoomAndNoMore() {
        Host host = Host.of("h1", 5, 16 * GIB);
        List<Allocation> taken = List.of(
                shared("low", "h1", 1000, 2 * GIB, 10),
                shared("mid", "h1", 1000, 2 * GIB, 20),
                shared("big", "h1", 2000, 2 * GIB, 30),
                shared("vip", "h1", 1, GIB, 900));
        // 999m free, 2000m needed: "low" and "mid" make room; "big" alone would too, but it matters more.
        JobSpec job = job("urgent", CpuRequest.shared(2000), GIB).priority(500).build();

        PreemptionPlan plan = (PreemptionPlan) placer.place(ClusterSnapshot.of(List.of(host), taken), job);

        assertThat(plan.hostId()).isEqualTo("h1");
        assertThat(plan.victims()).extracting(Allocation::id).containsExactly("low", "mid");
        assertThat(plan.withoutPreemption()).hasToString("1 host: 1 short of CPU");
    }

    @Test
    void aVictimTheOthersCanDoWithoutIsSpared() {
        Host host = Host.of("h1", 4, 16 * GIB);
        List<Allocation> taken = List.of(
                shared("tiny", "h1", 100, GIB, 1),
                shared("small", "h1", 900, GIB, 2),
                shared("large", "h1", 3000, GIB, 3));
        JobSpec job = job("urgent", CpuRequest.shared(2500), GIB).priority(500).build();

        PreemptionPlan plan = (PreemptionPlan) placer.place(ClusterSnapshot.of(List.of(host), taken), job);

        // Taken in order tiny, small, large (only then is there room); tiny and small are then not needed.
        assertThat(plan.victims()).extracting(Allocation::id).containsExactly("large");
    }

    @Test
    void neverPreemptsEqualOrHigherPriorityNorOnHostsTheJobMayNotUse() {
        List<Host> hosts = List.of(Host.of("h1", 2, 8 * GIB), Host.of("h2", 2, 8 * GIB).withLabel("zone", "edge"));
        List<Allocation> taken = List.of(shared("same", "h1", 2000, GIB, 500), shared("lower", "h2", 2000, GIB, 100));
        JobSpec job = job("urgent", CpuRequest.shared(1000), GIB).priority(500).constraints("zone!=edge").build();

        Decision decision = placer.place(ClusterSnapshot.of(hosts, taken), job);

        assertThat(decision).isInstanceOf(Pending.class);
        assertThat(decision).hasToString("Pending[2 hosts: 1 labelled zone=edge, 1 short of CPU]");
    }

    @Test
    void preemptsOnlyWhenNothingFitsAndThenPrefersTheCheapestHost() {
        List<Host> hosts = List.of(Host.of("h1", 3, 8 * GIB), Host.of("h2", 3, 8 * GIB), Host.of("h3", 3, 8 * GIB));
        List<Allocation> taken = new ArrayList<>(List.of(
                shared("a", "h1", 3000, GIB, 300),
                shared("b", "h2", 1500, GIB, 100), shared("c", "h2", 1500, GIB, 100),
                shared("d", "h3", 3000, GIB, 100)));
        JobSpec job = job("urgent", CpuRequest.exclusive(2), GIB).priority(500).build();

        PreemptionPlan plan = (PreemptionPlan) placer.place(ClusterSnapshot.of(hosts, taken), job);
        assertThat(plan.hostId()).isEqualTo("h3");
        assertThat(plan.victims()).extracting(Allocation::id).containsExactly("d");
        assertThat(plan.exclusiveCpuIds()).containsExactly(0, 1);

        taken.remove(3);
        taken.add(shared("d", "h3", 2000, GIB, 100));
        assertThat(placer.place(ClusterSnapshot.of(hosts, taken), job(
                "urgent", CpuRequest.exclusive(1), GIB).priority(500).build())).isInstanceOf(Placement.class);
    }

    @Test
    void preemptsExclusiveVictimsWhenOnlyTheyGiveBackCpusThatMayBePinned() {
        Host host = Host.of("h1", 4, 16 * GIB);
        List<Allocation> taken = List.of(
                shared("s", "h1", 500, GIB, 5),
                new Allocation("p", "pinned", 0, "h1", CpuRequest.exclusive(2), List.of(0, 1), GIB, 10));
        // 1500m are free but only CPU 2 may still be pinned: evicting "s" gives millicores, not ids.
        JobSpec job = job("urgent", CpuRequest.exclusive(2), GIB).priority(500).build();

        PreemptionPlan plan = (PreemptionPlan) placer.place(ClusterSnapshot.of(List.of(host), taken), job);

        assertThat(plan.victims()).extracting(Allocation::id).containsExactly("p");
        assertThat(plan.exclusiveCpuIds()).containsExactly(0, 1);
        assertThat(plan.withoutPreemption()).hasToString("1 host: 1 fewer than 2 free whole CPUs");
        assertThat(placer.place(ClusterSnapshot.of(List.of(host), taken),
                job("urgent", CpuRequest.exclusive(3), GIB).priority(500).build())).isInstanceOf(PreemptionPlan.class);
        assertThat(placer.place(ClusterSnapshot.of(List.of(host), taken),
                job("urgent", CpuRequest.exclusive(4), GIB).priority(500).build())).isInstanceOf(Pending.class);
    }

    @Test
    void downHostsAreNeverChosen() {
        List<Host> hosts = List.of(Host.of("a", 64, 512 * GIB).down(), Host.of("b", 1, GIB));

        Placement placement = (Placement) placer.place(ClusterSnapshot.of(hosts, List.of()),
                job("web", CpuRequest.shared(10), GIB).strategy(PlacementStrategy.SPREAD).build());

        assertThat(placement.hostId()).isEqualTo("b");
    }
}
