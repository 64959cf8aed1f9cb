package io.coterie.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdRangeAllocatorTest {

    @Test
    void startsAtOneAndHandsOutFromTheLocalRangeWithoutTheStore() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        assertThat(ids.allocate(10)).containsExactly(new IdRange(1, 10));
        assertThat(counter.next()).isEqualTo(101);
        assertThat(ids.allocate(5)).containsExactly(new IdRange(11, 5));
        assertThat(ids.allocate(85)).containsExactly(new IdRange(16, 85));
        assertThat(counter.casAttempts).hasValue(1);
        assertThat(ids.remaining()).isZero();
    }

    @Test
    void aRequestLargerThanWhatIsLeftLeasesEnoughBlocksAtOnceAndMergesAdjacentRanges() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        ids.allocate(90);
        assertThat(ids.allocate(350)).containsExactly(new IdRange(91, 350));
        assertThat(counter.casAttempts).as("one lease of four blocks").hasValue(2);
        assertThat(counter.next()).isEqualTo(501);
        assertThat(ids.remaining()).isEqualTo(60);
    }

    @Test
    void whenAnotherInstanceLeasedInBetweenTheAnswerHasTwoIncreasingRanges() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator mine = new IdRangeAllocator(counter, 100);
        IdRangeAllocator theirs = new IdRangeAllocator(counter, 100);
        mine.allocate(90);
        assertThat(theirs.allocate(1)).containsExactly(new IdRange(101, 1));
        assertThat(mine.allocate(20)).containsExactly(new IdRange(91, 10), new IdRange(201, 10));
    }

    @Test
    void lostCompareAndSetsAreRetriedAndTheirRangesSkipped() {
        FakeIdCounter counter = new FakeIdCounter().loseRaces(3, 1000);
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        // Three phantom leases of 1000 each land before ours: 1..3000 belong to someone else.
        assertThat(ids.allocate(1)).containsExactly(new IdRange(3001, 1));
        assertThat(counter.casAttempts).hasValue(4);
        assertThat(counter.next()).isEqualTo(3101);
    }

    @Test
    void aFailedLeaseChangesNothingAndTheNextRequestCarriesOn() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        ids.allocate(95);
        counter.failNext(1);
        assertThatThrownBy(() -> ids.allocate(10)).hasMessageContaining("no quorum");
        assertThat(ids.remaining()).as("the local range is untouched").isEqualTo(5);
        assertThat(ids.allocate(10)).containsExactly(new IdRange(96, 10));
    }

    @Test
    void aCounterThatWentBackwardsStopsTheAllocator() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        ids.allocate(100);
        counter.set(50);
        assertThatThrownBy(() -> ids.allocate(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("went backwards");
    }

    @Test
    void endlessContentionGivesUpInsteadOfSpinning() {
        FakeIdCounter counter = new FakeIdCounter().loseRaces(Integer.MAX_VALUE, 10);
        IdRangeAllocator ids = new IdRangeAllocator(counter, 100);
        assertThatThrownBy(() -> ids.allocate(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("attempts");
        assertThat(counter.casAttempts).hasValue(IdRangeAllocator.MAX_ATTEMPTS);
    }

    @Test
    void manyAllocatorsOnOneCounterNeverOverlapAndEachOnlyGrows() throws Exception {
        FakeIdCounter counter = new FakeIdCounter();
        int allocators = 4;
        int requests = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(allocators * 2);
        List<Future<List<IdRange>>> results = new ArrayList<>();
        for (int a = 0; a < allocators; a++) {
            IdRangeAllocator ids = new IdRangeAllocator(counter, 97);
            for (int t = 0; t < 2; t++) {
                int seed = a * 10 + t;
                results.add(pool.submit(() -> {
                    List<IdRange> mine = new ArrayList<>();
                    for (int r = 0; r < requests; r++) {
                        List<IdRange> ranges = ids.allocate(1 + (r * 31 + seed) % 150);
                        assertThat(ranges.get(0).first()).as("increasing within one allocator")
                                .isGreaterThan(mine.isEmpty() ? 0 : mine.get(mine.size() - 1).last());
                        mine.addAll(ranges);
                    }
                    return mine;
                }));
            }
        }
        BitSet seen = new BitSet();
        long total = 0;
        for (Future<List<IdRange>> result : results) {
            for (IdRange range : result.get(60, TimeUnit.SECONDS)) {
                for (long id = range.first(); id <= range.last(); id++) {
                    assertThat(seen.get((int) id)).as("ID %d handed out twice", id).isFalse();
                    seen.set((int) id);
                }
                total += range.count();
            }
        }
        pool.shutdown();
        assertThat(seen.cardinality()).isEqualTo((int) total);
    }

    // ---------------------------------------------------------------- leasing ahead, adaptive lease size

    private final AtomicLong clock = new AtomicLong();

    /** Leases ahead on the calling thread, so that the test sees exactly when. */
    private IdRangeAllocator leasingAhead(FakeIdCounter counter, long blockSize, long maxBlockSize) {
        return new IdRangeAllocator(counter, blockSize, maxBlockSize, Runnable::run, clock::get);
    }

    private void pass(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void theNextLeaseIsTakenOnceHalfALeaseIsLeftSoTheRequestThatNeedsItFindsItThere() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = leasingAhead(counter, 100, 1000);
        pass(10);
        assertThat(ids.allocate(40)).containsExactly(new IdRange(1, 40));
        assertThat(counter.casAttempts).as("60 left: no need yet").hasValue(1);
        pass(10);
        assertThat(ids.allocate(20)).containsExactly(new IdRange(41, 20));
        assertThat(counter.casAttempts).as("40 left: the next lease is taken").hasValue(2);
        assertThat(counter.next()).isEqualTo(201);
        pass(10);
        assertThat(ids.allocate(50)).as("one range across the two leases").containsExactly(new IdRange(61, 50));
        assertThat(counter.casAttempts).as("the request itself did not wait for the store").hasValue(2);
    }

    @Test
    void leasesGrowWhileTheyLastUnderASecondAndShrinkOnceOneLastsOverAMinute() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = leasingAhead(counter, 100, 400);
        pass(10);
        ids.allocate(100);
        assertThat(ids.step()).as("the first lease says nothing about demand").isEqualTo(100);
        ids.allocate(100);
        assertThat(ids.step()).as("used up at once").isEqualTo(200);
        ids.allocate(200);
        ids.allocate(400);
        assertThat(ids.step()).as("never above the maximum").isEqualTo(400);
        ids.allocate(400);
        pass(61);
        ids.allocate(400);
        assertThat(ids.step()).isEqualTo(200);
        List<IdRange> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.addAll(ids.allocate(77));
        }
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).first()).isGreaterThan(all.get(i - 1).last());
        }
    }

    @Test
    void aFailedLeaseAheadIsTakenAgainByTheRequestThatNeedsIt() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = leasingAhead(counter, 100, 100);
        ids.allocate(40);
        counter.failNext(1);
        ids.allocate(20); // 40 left: the lease ahead fails
        assertThat(counter.next()).isEqualTo(101);
        assertThat(ids.allocate(50)).containsExactly(new IdRange(61, 50));
        assertThat(counter.next()).isEqualTo(201);
    }

    @Test
    void aLeaseAheadIsKeptWhenTheRestOfALargeRequestCannotBeLeased() {
        FakeIdCounter counter = new FakeIdCounter();
        IdRangeAllocator ids = leasingAhead(counter, 100, 100);
        ids.allocate(60); // leases 101..200 ahead
        counter.failNext(1);
        assertThatThrownBy(() -> ids.allocate(500)).hasMessageContaining("no quorum");
        assertThat(ids.allocate(140)).as("nothing lost, nothing repeated").containsExactly(new IdRange(61, 140));
    }

    @Test
    void allocatorsLeasingAheadOnRealThreadsNeverOverlapAndEachOnlyGrows() throws Exception {
        FakeIdCounter counter = new FakeIdCounter();
        ExecutorService background = Executors.newFixedThreadPool(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<IdRange>>> results = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            IdRangeAllocator ids = new IdRangeAllocator(counter, 50, 3200, background, System::nanoTime);
            int seed = a;
            results.add(pool.submit(() -> {
                List<IdRange> mine = new ArrayList<>();
                for (int r = 0; r < 3000; r++) {
                    List<IdRange> ranges = ids.allocate(1 + (r * 31 + seed) % 120);
                    assertThat(ranges.get(0).first()).isGreaterThan(mine.isEmpty() ? 0 : mine.get(mine.size() - 1).last());
                    mine.addAll(ranges);
                }
                return mine;
            }));
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Future<List<IdRange>> result : results) {
            for (IdRange range : result.get(60, TimeUnit.SECONDS)) {
                for (long id = range.first(); id <= range.last(); id++) {
                    assertThat(seen.add(id)).as("ID %d handed out twice", id).isTrue();
                }
            }
        }
        pool.shutdown();
        background.shutdown();
    }

    @Test
    void rangesAreValidated() {
        assertThatThrownBy(() -> new IdRange(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRangeAllocator(new FakeIdCounter(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRangeAllocator(new FakeIdCounter(), 10).allocate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
