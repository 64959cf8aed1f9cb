package io.coterie.scheduler;

import java.util.Comparator;

/** A host that can take the replica as things are, with what the ranking looks at. */
record Candidate(HostLedger ledger, boolean holdsData, int replicasOfJob, double utilisation) {

    // Written out rather than chained with Comparator.comparing: this runs once per host per
    // placement, and the chained form boxes on every call.
    private static final Comparator<Candidate> SPREAD = (a, b) -> {
        if (a.holdsData != b.holdsData) {
            return a.holdsData ? -1 : 1;
        }
        if (a.replicasOfJob != b.replicasOfJob) {
            return Integer.compare(a.replicasOfJob, b.replicasOfJob);
        }
        int byUtilisation = Double.compare(a.utilisation, b.utilisation);
        return byUtilisation != 0 ? byUtilisation : a.hostId().compareTo(b.hostId());
    };

    private static final Comparator<Candidate> BINPACK = (a, b) -> {
        if (a.holdsData != b.holdsData) {
            return a.holdsData ? -1 : 1;
        }
        int byUtilisation = Double.compare(b.utilisation, a.utilisation);
        return byUtilisation != 0 ? byUtilisation : a.hostId().compareTo(b.hostId());
    };

    /** Best first. Host ids are unique, so the order is total and the choice does not depend on input order. */
    static Comparator<Candidate> order(PlacementStrategy strategy) {
        return strategy == PlacementStrategy.SPREAD ? SPREAD : BINPACK;
    }

    private String hostId() {
        return ledger.host().id();
    }
}
