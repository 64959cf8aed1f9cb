package io.coterie.gateway.rpc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code coterie.rpc.*}: application RPC at the gateway (docs/rpc.md).
 *
 * @param idempotencyRetention      how long call records are kept at least (they go an hour later at most)
 * @param circuitFailureRate        percentage of failed calls among the recent ones that opens a name's circuit
 * @param circuitWindow             how many recent calls the breaker judges
 * @param circuitMinimumCalls       calls needed before the breaker judges at all
 * @param circuitOpenWait           how long an open circuit refuses calls before letting a trial call through
 * @param maxConcurrentCallsPerName the bulkhead: calls in flight to one name at once
 * @param connectTimeout            how long connecting to a workload may take (within the caller's deadline)
 * @param lateAnswerWait            how long a call with a key keeps waiting for the workload after its caller's deadline, to record the answer
 */
@ConfigurationProperties("coterie.rpc")
public record RpcSettings(
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("50") float circuitFailureRate,
        @DefaultValue("20") int circuitWindow,
        @DefaultValue("10") int circuitMinimumCalls,
        @DefaultValue("5s") Duration circuitOpenWait,
        @DefaultValue("64") int maxConcurrentCallsPerName,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("60s") Duration lateAnswerWait) {

    /** A store lease lives at most 7 days; a record's lease lives retention + 1 h. */
    static final Duration MAX_RETENTION = Duration.ofDays(7).minusHours(1);

    public RpcSettings {
        if (idempotencyRetention.compareTo(Duration.ofMinutes(1)) < 0 || idempotencyRetention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("coterie.rpc.idempotency-retention must be from 1m to " + MAX_RETENTION.toHours()
                    + "h (the records' store leases live retention + 1 h, and a lease lives at most 7 days); got " + idempotencyRetention);
        }
        if (circuitFailureRate <= 0 || circuitFailureRate > 100) {
            throw new IllegalArgumentException("coterie.rpc.circuit-failure-rate is a percentage above 0 and at most 100");
        }
        if (circuitWindow < 1 || circuitMinimumCalls < 1 || maxConcurrentCallsPerName < 1) {
            throw new IllegalArgumentException("coterie.rpc.circuit-window, circuit-minimum-calls and max-concurrent-calls-per-name must be at least 1");
        }
        if (circuitOpenWait.isNegative() || circuitOpenWait.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()
                || lateAnswerWait.isNegative()) {
            throw new IllegalArgumentException("coterie.rpc.circuit-open-wait and connect-timeout must be positive, late-answer-wait not negative");
        }
    }
}
