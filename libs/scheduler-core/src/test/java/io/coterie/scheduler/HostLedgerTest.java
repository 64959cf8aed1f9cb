package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class HostLedgerTest {

    private static final long GIB = 1L << 30;

    private static JobSpec job(String name, CpuRequest cpu, long memory) {
        return JobSpec.builder(name).command("/bin/run").cpu(cpu).memoryBytes(memory).build();
    }

    @Test
    void pinnedCpusLeaveTheSharedPool() {
        HostLedger ledger = HostLedger.empty(Host.of("h1", 4, 8 * GIB));

        Allocation pinned = ledger.assign("a1", job("db", CpuRequest.exclusive(1), GIB), 0);

        assertThat(pinned.exclusiveCpuIds()).containsExactly(0);
        assertThat(ledger.sharedPoolMillicores()).isEqualTo(3000);
        assertThat(ledger.freeSharedMillicores()).isEqualTo(3000);
        // 3 CPUs are unpinned, but CPU 3 stays in the shared pool whatever happens.
        assertThat(ledger.freeWholeCpus()).isEqualTo(2);
        assertThat(ledger.pinnedCpuIds()).containsExactly(0);
        assertThat(ledger.sharedPoolCpuIds()).containsExactly(1, 2, 3);
        assertThat(ledger.freeMemoryBytes()).isEqualTo(7 * GIB);
        assertThat(ledger.usedMillicores()).isEqualTo(1000);
    }

    @Test
    void exclusiveRequestsTakeTheLowestFreeIdsAndReuseFreedOnes() {
        HostLedger ledger = HostLedger.empty(Host.of("h1", 8, 8 * GIB));
        JobSpec two = job("db", CpuRequest.exclusive(2), GIB);

        assertThat(ledger.assign("a1", two, 0).exclusiveCpuIds()).containsExactly(0, 1);
        assertThat(ledger.assign("a2", two, 1).exclusiveCpuIds()).containsExactly(2, 3);
        assertThat(ledger.assign("a3", two, 2).exclusiveCpuIds()).containsExactly(4, 5);
        ledger.remove("a2");
        assertThat(ledger.assign("a4", job("one", CpuRequest.exclusive(1), GIB), 0).exclusiveCpuIds()).containsExactly(2);
        assertThat(ledger.assign("a5", two, 3).exclusiveCpuIds()).containsExactly(3, 6);
        assertThat(ledger.pinnedCpuIds()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        ledger.checkInvariants();

        // CPU 7 is unpinned and 1000m are free, but the shared pool keeps its last CPU.
        assertThat(ledger.sharedPoolCpuIds()).containsExactly(7);
        assertThat(ledger.freeSharedMillicores()).isEqualTo(1000);
        assertThat(ledger.freeWholeCpus()).isZero();
        assertThat(ledger.shortfall(new Resources(CpuRequest.exclusive(1), GIB))).contains("no free whole CPU");
        assertThat(ledger.fits(new Resources(CpuRequest.exclusive(1), GIB))).isFalse();
        assertThat(ledger.fits(new Resources(CpuRequest.shared(1000), GIB))).isTrue();
        assertThatThrownBy(() -> ledger.assign("a6", job("one", CpuRequest.exclusive(1), GIB), 1))
                .isInstanceOf(LedgerConflictException.class)
                .hasMessage("host h1 cannot take one/1: no free whole CPU");
        assertThatThrownBy(() -> ledger.lowestUnpinnedFor(CpuRequest.exclusive(1)))
                .hasMessage("host h1 has fewer than 1 CPUs it may pin");
    }

    @Test
    void theSharedPoolKeepsTheHighestCpu() {
        HostLedger single = HostLedger.empty(Host.of("h1", 1, 4 * GIB));
        assertThat(single.freeWholeCpus()).isZero();
        assertThat(single.shortfall(new Resources(CpuRequest.exclusive(1), GIB))).contains("no free whole CPU");
        assertThat(single.conflict(new Allocation("a1", "db", 0, "h1", CpuRequest.exclusive(1), List.of(0), GIB, 10)))
                .contains("CPU 0 of host h1 is the shared pool's last and cannot be pinned");
        assertThat(single.fits(new Resources(CpuRequest.shared(1000), GIB))).isTrue();

        HostLedger ledger = HostLedger.empty(Host.of("h2", 4, 8 * GIB));
        assertThat(ledger.freeWholeCpus()).isEqualTo(3);
        assertThat(ledger.shortfall(new Resources(CpuRequest.exclusive(4), GIB))).contains("fewer than 4 free whole CPUs");
        assertThatThrownBy(() -> ledger.add(new Allocation("a2", "db", 0, "h2", CpuRequest.exclusive(2), List.of(2, 3), GIB, 10)))
                .isInstanceOf(LedgerConflictException.class)
                .hasMessage("CPU 3 of host h2 is the shared pool's last and cannot be pinned");
        assertThat(ledger.allocations()).isEmpty();
        assertThat(ledger.assign("a3", job("db", CpuRequest.exclusive(3), GIB), 0).exclusiveCpuIds()).containsExactly(0, 1, 2);
        assertThat(ledger.sharedPoolCpuIds()).containsExactly(3);
        assertThat(ledger.freeWholeCpus()).isZero();
        assertThat(ledger.assign("a4", job("web", CpuRequest.shared(1000), GIB), 0).exclusiveCpuIds()).isEmpty();
        ledger.checkInvariants();
    }

    @Test
    void sharedQuotaLimitsHowManyCpusCanStillBePinned() {
        HostLedger ledger = HostLedger.empty(Host.of("h1", 4, 8 * GIB));
        ledger.assign("a1", job("web", CpuRequest.shared(2500), GIB), 0);

        // 4 CPUs are unpinned, but pinning 2 would leave 2000m for 2500m of quota.
        assertThat(ledger.freeWholeCpus()).isEqualTo(1);
        assertThat(ledger.fits(new Resources(CpuRequest.exclusive(2), GIB))).isFalse();
        assertThat(ledger.shortfall(new Resources(CpuRequest.exclusive(2), GIB))).contains("fewer than 2 free whole CPUs");
        assertThat(ledger.fits(new Resources(CpuRequest.exclusive(1), GIB))).isTrue();
        assertThat(ledger.fits(new Resources(CpuRequest.shared(1500), 7 * GIB))).isTrue();
        assertThat(ledger.fits(new Resources(CpuRequest.shared(1501), GIB))).isFalse();
        assertThat(ledger.shortfall(new Resources(CpuRequest.shared(1501), 8 * GIB))).contains("short of CPU and memory");
    }

    @Test
    void aRefusedChangeLeavesTheLedgerAsItWas() {
        Host host = Host.of("h1", 2, 4 * GIB);
        HostLedger ledger = HostLedger.empty(host);
        ledger.add(new Allocation("a1", "db", 0, "h1", CpuRequest.exclusive(1), List.of(0), GIB, 10));

        assertThatThrownBy(() -> ledger.add(new Allocation("a2", "db", 1, "h1", CpuRequest.exclusive(1), List.of(0), GIB, 10)))
                .isInstanceOf(LedgerConflictException.class)
                .hasMessage("CPU 0 of host h1 is already pinned");
        assertThatThrownBy(() -> ledger.add(new Allocation("a3", "db", 1, "h1", CpuRequest.exclusive(1), List.of(2), GIB, 10)))
                .hasMessage("host h1 has no CPU 2 (it has 2)");
        assertThatThrownBy(() -> ledger.add(new Allocation("a7", "db", 1, "h1", CpuRequest.exclusive(1), List.of(1), GIB, 10)))
                .hasMessage("CPU 1 of host h1 is the shared pool's last and cannot be pinned");
        assertThatThrownBy(() -> ledger.add(new Allocation("a4", "web", 0, "h1", CpuRequest.shared(1001), List.of(), GIB, 10)))
                .hasMessage("host h1 cannot take allocation a4: short of CPU");
        assertThatThrownBy(() -> ledger.add(new Allocation("a5", "web", 0, "h2", CpuRequest.shared(1), List.of(), GIB, 10)))
                .hasMessage("allocation a5 is for host h2, not h1");
        assertThatThrownBy(() -> ledger.assign("a6", job("big", CpuRequest.shared(100), 4 * GIB), 0))
                .hasMessage("host h1 cannot take big/0: short of memory");

        assertThat(ledger.allocations()).extracting(Allocation::id).containsExactly("a1");
        assertThat(ledger.freeSharedMillicores()).isEqualTo(1000);
        assertThat(ledger.freeMemoryBytes()).isEqualTo(3 * GIB);
        ledger.checkInvariants();
    }

    @Test
    void anOverCommittedStoreIsRefusedRatherThanGuessedAt() {
        Host host = Host.of("h1", 1, 4 * GIB);
        List<Allocation> twoCores = List.of(
                new Allocation("a1", "web", 0, "h1", CpuRequest.shared(600), List.of(), GIB, 0),
                new Allocation("a2", "web", 1, "h1", CpuRequest.shared(600), List.of(), GIB, 0));

        assertThatThrownBy(() -> HostLedger.of(host, twoCores)).isInstanceOf(LedgerConflictException.class);
    }

    @Test
    void anExactFitLeavesZeroNotLess() {
        HostLedger ledger = HostLedger.empty(Host.of("h1", 2, 2 * GIB));
        ledger.assign("a1", job("web", CpuRequest.shared(1000), GIB), 0);
        ledger.assign("a2", job("db", CpuRequest.exclusive(1), GIB), 0);

        assertThat(ledger.freeSharedMillicores()).isZero();
        assertThat(ledger.freeMemoryBytes()).isZero();
        assertThat(ledger.fits(new Resources(CpuRequest.shared(1), 1))).isFalse();
        assertThat(ledger.shortfall(new Resources(CpuRequest.exclusive(1), 1))).contains("no free whole CPU and short of memory");
    }

    @Test
    void removingGivesBackExactlyWhatWasTaken() {
        HostLedger ledger = HostLedger.empty(Host.of("h1", 4, 8 * GIB));
        ledger.assign("a1", job("web", CpuRequest.shared(700), GIB), 0);
        ledger.assign("a2", job("db", CpuRequest.exclusive(2), 2 * GIB), 0);
        ledger.remove("a2");
        ledger.remove("a1");

        assertThat(ledger.freeSharedMillicores()).isEqualTo(4000);
        assertThat(ledger.freeMemoryBytes()).isEqualTo(8 * GIB);
        assertThat(ledger.pinnedCpuIds()).isEmpty();
        assertThat(ledger.replicasOf("web")).isZero();
        assertThatThrownBy(() -> ledger.remove("a1")).hasMessage("allocation a1 is not on host h1");
    }
}
