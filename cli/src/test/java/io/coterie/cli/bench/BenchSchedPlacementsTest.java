package io.coterie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchSchedPlacementsTest {

    private static final long MS = 1_000_000;

    @Test
    void splitsTheReplicasIntoJobsTheLastTakingTheRest() {
        BenchSchedPlacements placements = new BenchSchedPlacements("bench-r-j", 25, 10);

        assertThat(placements.jobs()).isEqualTo(3);
        assertThat(placements.replicas(0)).isEqualTo(10);
        assertThat(placements.replicas(2)).isEqualTo(5);
        assertThat(placements.jobName(2)).isEqualTo("bench-r-j2");
    }

    @Test
    void knowsOnlyItsOwnJobNames() {
        BenchSchedPlacements placements = new BenchSchedPlacements("bench-r-j", 120, 10);

        assertThat(placements.jobNumber("bench-r-j0")).isZero();
        assertThat(placements.jobNumber("bench-r-j11")).isEqualTo(11);
        assertThat(placements.jobNumber("bench-r-j12")).isEqualTo(-1);
        assertThat(placements.jobNumber("bench-r-j01")).isEqualTo(-1);
        assertThat(placements.jobNumber("bench-r-j")).isEqualTo(-1);
        assertThat(placements.jobNumber("bench-r-jx")).isEqualTo(-1);
        assertThat(placements.jobNumber("bench-s-j1")).isEqualTo(-1);
    }

    @Test
    void timesEachReplicaFromItsJobsSubmissionAndEachJobToItsLastReplica() {
        BenchSchedPlacements placements = new BenchSchedPlacements("j", 4, 2);
        placements.submitting(0, 1000 * MS);
        placements.submitting(1, 1010 * MS);

        assertThat(placements.placed("j0/0", 1005 * MS)).isTrue();
        assertThat(placements.placed("j0/0", 1100 * MS)).as("seen twice").isFalse();
        assertThat(placements.placed("j0/2", 1100 * MS)).as("no such replica").isFalse();
        assertThat(placements.placed("other/0", 1100 * MS)).isFalse();
        assertThat(placements.complete(true)).isFalse();
        assertThat(placements.placed("j0/1", 1020 * MS)).isTrue();
        assertThat(placements.placed("j1/1", 1050 * MS)).isTrue();
        placements.placedCount("j1", 2, 1060 * MS);

        assertThat(placements.placed()).isEqualTo(4);
        assertThat(placements.complete(true)).isTrue();
        assertThat(placements.complete(false)).isFalse();
        assertThat(placements.allocationMicros().getTotalCount()).isEqualTo(4);
        assertThat(placements.allocationMicros().getMaxValue()).isBetween(49_000L, 51_000L);
        assertThat(placements.jobMicros().getTotalCount()).isEqualTo(2);
        assertThat(placements.jobMicros().getMinValue()).isBetween(19_900L, 20_100L);
        assertThat(placements.placingNanos()).isEqualTo(60 * MS);
    }

    @Test
    void aRefusedJobIsNotWaitedForAndItsPlacementsAreIgnored() {
        BenchSchedPlacements placements = new BenchSchedPlacements("j", 4, 2);
        placements.submitting(0, MS);
        placements.submitting(1, MS);
        placements.failed(1);

        assertThat(placements.expected()).isEqualTo(2);
        assertThat(placements.failedAllocations()).isEqualTo(2);
        assertThat(placements.placed("j1/0", 2 * MS)).isFalse();
        assertThat(placements.sent(1)).isTrue();
        placements.placedCount("j0", 2, 3 * MS);
        assertThat(placements.complete(true)).isTrue();
        assertThat(placements.incompleteJobs()).isZero();
    }
}
