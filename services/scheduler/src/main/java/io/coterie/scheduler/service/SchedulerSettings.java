package io.coterie.scheduler.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduler's settings ({@code coterie.scheduler.*}, or {@code COTERIE_SCHEDULER_*}). See the
 * module's README.
 *
 * @param instanceId        this instance's name in {@code sys/sched/leader}; by default the
 *                          registration's instance id, else {@code HOST-PORT}
 * @param campaign          false: serve the API but never lead (an API-only instance)
 * @param leaderTtl         the leader lease's TTL: how long a dead leader blocks a successor
 * @param leaderRenewEvery  how often the leader renews its lease
 * @param reconcileEvery    the leader's periodic pass, on top of the passes that store changes trigger
 * @param pidBlockSize      PIDs leased from the shared ID counter at a time
 * @param agentTimeout      how long a log request may wait for a host agent
 * @param maxLogBytes       the most bytes of a log the scheduler relays
 * @param storeTimeout      how long one store call may take before the caller gives up
 */
@ConfigurationProperties("coterie.scheduler")
public record SchedulerSettings(
        String instanceId,
        @DefaultValue("true") boolean campaign,
        @DefaultValue("10s") Duration leaderTtl,
        @DefaultValue("3s") Duration leaderRenewEvery,
        @DefaultValue("5s") Duration reconcileEvery,
        @DefaultValue("100") long pidBlockSize,
        @DefaultValue("10s") Duration agentTimeout,
        @DefaultValue("4194304") int maxLogBytes,
        @DefaultValue("10s") Duration storeTimeout) {

    public SchedulerSettings {
        if (leaderTtl.compareTo(Duration.ofSeconds(1)) < 0 || leaderTtl.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("coterie.scheduler.leader-ttl must be a whole number of seconds, at least 1");
        }
        if (leaderRenewEvery.isNegative() || leaderRenewEvery.isZero() || leaderRenewEvery.compareTo(leaderTtl) >= 0) {
            throw new IllegalArgumentException("coterie.scheduler.leader-renew-every must be positive and shorter than leader-ttl");
        }
        if (reconcileEvery.isNegative() || reconcileEvery.isZero()) {
            throw new IllegalArgumentException("coterie.scheduler.reconcile-every must be positive");
        }
        if (pidBlockSize < 1 || pidBlockSize > 1_000_000) {
            throw new IllegalArgumentException("coterie.scheduler.pid-block-size must be between 1 and 1000000");
        }
        if (maxLogBytes < 1) {
            throw new IllegalArgumentException("coterie.scheduler.max-log-bytes must be positive");
        }
    }
}
