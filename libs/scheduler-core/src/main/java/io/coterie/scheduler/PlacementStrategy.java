package io.coterie.scheduler;

/** How a job's replicas are laid out over the hosts that could take them. */
public enum PlacementStrategy {
    /** Fewest replicas of the same job first, then the least utilised host: one host lost costs few replicas. */
    SPREAD,
    /** The most utilised host that still fits: keeps whole hosts free for big jobs (and for switching off). */
    BINPACK
}
