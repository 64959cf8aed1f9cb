package io.coterie.ids;

/** {@code count} consecutive IDs starting at {@code first}. */
public record IdRange(long first, long count) {

    public IdRange {
        if (first < 1 || count < 1) {
            throw new IllegalArgumentException("an ID range starts at 1 or later and holds at least one ID");
        }
    }

    /** The last ID of the range. */
    public long last() {
        return first + count - 1;
    }
}
