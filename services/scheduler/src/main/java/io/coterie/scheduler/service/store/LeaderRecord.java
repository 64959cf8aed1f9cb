package io.coterie.scheduler.service.store;

/** {@code sys/sched/leader}, under the leader's lease; the key's create revision is the fencing token. */
public record LeaderRecord(String instance, String address, String since) {
}
