package io.coterie.scheduler.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.ClusterSnapshot;
import io.coterie.scheduler.CpuRequest;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.JobSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandInHostsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aLostHostsStandInHoldsItsPinnedAndSharedAllocations() {
        JobSpec pinnedJob = JobSpec.builder("pinned").command("true").cpu(CpuRequest.exclusive(1)).memoryBytes(64 * MIB).build();
        JobSpec sharedJob = JobSpec.builder("shared").command("true").cpu(CpuRequest.shared(1500)).memoryBytes(64 * MIB).build();
        List<Allocation> held = List.of(Allocation.of("pinned.0.1", pinnedJob, 0, "gone", List.of(2)),
                Allocation.of("shared.0.2", sharedJob, 0, "gone", List.of()));

        Host standIn = StandInHosts.holding("gone", held);

        // CPU 2 pinned: the pool keeps a higher one, and two more for the 1.5 shared CPUs.
        assertThat(standIn.cpus()).isGreaterThanOrEqualTo(4);
        assertThatCode(() -> ClusterSnapshot.of(List.of(standIn), held)).doesNotThrowAnyException();
    }

    @Test
    void aHostReportingLessThanItHoldsGrowsToHoldIt() {
        JobSpec pinnedJob = JobSpec.builder("pinned").command("true").cpu(CpuRequest.exclusive(1)).memoryBytes(64 * MIB).build();
        List<Allocation> held = List.of(Allocation.of("pinned.0.1", pinnedJob, 0, "h1", List.of(1)));

        Host grown = StandInHosts.grown(Host.of("h1", 2, 32 * MIB), held);

        assertThatCode(() -> ClusterSnapshot.of(List.of(grown), held)).doesNotThrowAnyException();
        assertThat(grown.memoryBytes()).isEqualTo(64 * MIB);
    }
}
