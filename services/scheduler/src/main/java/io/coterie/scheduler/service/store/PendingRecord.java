package io.coterie.scheduler.service.store;

/** {@code sys/sched/pending/JOB/INDEX}: why replica INDEX of JOB has no host, and since when (ISO-8601). */
public record PendingRecord(String explanation, String since) {
}
