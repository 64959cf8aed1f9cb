package io.coterie.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    /** One step of a run: the wall clock moves by {@code drift} ms (maybe backwards), then a local event or a receive. */
    record Step(int drift, boolean receive, int remoteSkew, int remoteLogical) {
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                Arbitraries.integers().between(-2_000, 2_000),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(-5_000, 5_000),
                Arbitraries.integers().between(0, HlcTimestamp.MAX_LOGICAL)).as(Step::new);
    }

    @Property
    void timestampsStrictlyIncreaseAndFollowEveryReceivedOne(@ForAll @Size(max = 300) List<@net.jqwik.api.From("steps") Step> run) {
        long[] physical = {1_700_000_000_000L};
        HybridLogicalClock clock = new HybridLogicalClock(() -> physical[0], Duration.ofSeconds(10));
        HlcTimestamp last = clock.now();
        for (Step step : run) {
            physical[0] += step.drift();
            HlcTimestamp next;
            if (step.receive()) {
                HlcTimestamp remote = new HlcTimestamp(physical[0] + step.remoteSkew(), step.remoteLogical());
                next = clock.update(remote);
                assertThat(next).isGreaterThan(remote);
            } else {
                next = clock.now();
            }
            assertThat(next).isGreaterThan(last);
            // Never far from real time: the wall part only runs ahead of the clock by what was received.
            assertThat(next.wallMillis()).isLessThanOrEqualTo(Math.max(physical[0], last.wallMillis()) + 5_001);
            last = next;
        }
    }

    @Property
    void packingKeepsTheOrder(@ForAll("stamps") HlcTimestamp a, @ForAll("stamps") HlcTimestamp b) {
        assertThat(Long.signum(Long.compare(a.pack(), b.pack()))).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(HlcTimestamp.unpack(a.pack())).isEqualTo(a);
    }

    @Provide
    Arbitrary<HlcTimestamp> stamps() {
        return Combinators.combine(Arbitraries.longs().between(0, HlcTimestamp.MAX_WALL_MILLIS),
                Arbitraries.integers().between(0, HlcTimestamp.MAX_LOGICAL)).as(HlcTimestamp::new);
    }

    @Test
    void aWallClockThatStepsBackDoesNotTakeTheClockWithIt() {
        long[] physical = {10_000};
        HybridLogicalClock clock = new HybridLogicalClock(() -> physical[0], Duration.ofSeconds(1));
        HlcTimestamp before = clock.now();
        physical[0] = 4_000;
        assertThat(clock.now()).isEqualTo(new HlcTimestamp(10_000, 1));
        assertThat(clock.now()).isGreaterThan(before);
    }

    @Test
    void aFullCounterMovesToTheNextMillisecond() {
        HybridLogicalClock clock = new HybridLogicalClock(() -> 500, Duration.ofSeconds(1));
        HlcTimestamp received = clock.update(new HlcTimestamp(500, HlcTimestamp.MAX_LOGICAL));
        assertThat(received).isEqualTo(new HlcTimestamp(501, 0));
    }

    @Test
    void aRemoteClockTooFarAheadIsRefusedAndChangesNothing() {
        HybridLogicalClock clock = new HybridLogicalClock(() -> 1_000, Duration.ofMillis(100));
        HlcTimestamp before = clock.now();
        assertThatThrownBy(() -> clock.update(new HlcTimestamp(1_200, 0)))
                .isInstanceOf(ClockOffsetException.class)
                .hasMessageContaining("200 ms ahead");
        assertThat(clock.now()).isEqualTo(new HlcTimestamp(before.wallMillis(), before.logical() + 1));
    }
}
