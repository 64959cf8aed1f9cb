package io.coterie.cli.id;

import java.util.List;

/** The answer of {@code POST /v1/ids?count=N}: N IDs as runs of consecutive numbers. */
record IdBlock(long count, List<Range> ranges) {

    /** {@code count} IDs from {@code first} on. */
    record Range(long first, long count) {
    }

    List<Range> rangesOrNone() {
        return ranges == null ? List.of() : ranges;
    }

    /** How many IDs the ranges hold. */
    long total() {
        return rangesOrNone().stream().mapToLong(range -> Math.max(0, range.count())).sum();
    }
}
