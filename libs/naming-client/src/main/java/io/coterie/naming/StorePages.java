package io.coterie.naming;

/** How many naming values to ask the store for at once. */
public final class StorePages {

    /**
     * A store page has a key limit but no byte budget, and a naming value may hold up to 1 MiB
     * (a file): 25 of them stay within the 32 MiB a Raft client message may carry.
     */
    public static final int MAX_VALUES = 25;

    private StorePages() {
    }
}
