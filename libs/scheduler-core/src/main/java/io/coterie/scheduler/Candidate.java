package io.coterie.scheduler;

import java.util.Comparator;

/** A host that can take the replica as things are, with what the ranking looks at. */
record Candidate(HostLedger ledger, boolean holdsData, int replicasOfJob, double utilisation) {

    private static final Comparator<Candidate> DATA_FIRST = Comparator.comparing(candidate -> !candidate.holdsData());
    private static final Comparator<Candidate> BY_HOST_ID = Comparator.comparing(candidate -> candidate.ledger().host().id());

    private static final Comparator<Candidate> SPREAD = DATA_FIRST
            .thenComparingInt(Candidate::replicasOfJob)
            .thenComparingDouble(Candidate::utilisation)
            .thenComparing(BY_HOST_ID);

    private static final Comparator<Candidate> BINPACK = DATA_FIRST
            .thenComparing(Comparator.comparingDouble(Candidate::utilisation).reversed())
            .thenComparing(BY_HOST_ID);

    /** Best first. Host ids are unique, so the order is total and the choice does not depend on input order. */
    static Comparator<Candidate> order(PlacementStrategy strategy) {
        return strategy == PlacementStrategy.SPREAD ? SPREAD : BINPACK;
    }
}
