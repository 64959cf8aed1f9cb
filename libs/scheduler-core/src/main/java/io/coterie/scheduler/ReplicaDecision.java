package io.coterie.scheduler;

import java.util.Optional;

/** The decision for one replica and, unless it is pending, the allocation it produced. */
public record ReplicaDecision(int index, Decision decision, Optional<Allocation> allocation) {
}
