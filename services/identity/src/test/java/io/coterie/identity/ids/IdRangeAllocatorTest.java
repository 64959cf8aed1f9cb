package io.coterie.identity.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void rangesAreValidated() {
        assertThatThrownBy(() -> new IdRange(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRangeAllocator(new FakeIdCounter(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRangeAllocator(new FakeIdCounter(), 10).allocate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
