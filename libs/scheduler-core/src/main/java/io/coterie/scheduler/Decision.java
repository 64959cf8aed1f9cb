package io.coterie.scheduler;

/** What the placer decided for one replica: place it, preempt to make room, or leave it pending. */
public sealed interface Decision permits Placement, PreemptionPlan, Pending {
}
