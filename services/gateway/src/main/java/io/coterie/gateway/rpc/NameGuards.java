package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.coterie.naming.NamePath;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Resilience4j circuit breaker and bulkhead per bound name. Registries of their own, so that
 * the route breakers configured for the services never mix with these.
 */
final class NameGuards {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final Duration openWait;
    /** When each breaker last opened (System.nanoTime), for Retry-After. */
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();

    NameGuards(RpcSettings settings) {
        this.openWait = settings.circuitOpenWait();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.circuitWindow())
                .minimumNumberOfCalls(settings.circuitMinimumCalls())
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(openWait)
                // One trial call decides: it closes the circuit or opens it again.
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCallsPerName())
                .maxWaitDuration(Duration.ZERO)
                .build());
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt.put(breaker.getName(), System.nanoTime());
                }
            });
        });
    }

    /** A permit to call the workload behind {@code name}, or the refusal. */
    Permit enter(NamePath name) throws RefusedException {
        String key = name.toString();
        CircuitBreaker breaker = breakers.circuitBreaker(key);
        if (!breaker.tryAcquirePermission()) {
            throw new RefusedException(new Refusal(ProblemType.CIRCUIT_OPEN, "most recent calls to " + name
                    + " failed; its circuit is open and calls are refused until a trial call succeeds", retryAfterSeconds(key)));
        }
        Bulkhead bulkhead = bulkheads.bulkhead(key);
        if (!bulkhead.tryAcquirePermission()) {
            breaker.releasePermission();
            throw new RefusedException(new Refusal(ProblemType.UNAVAILABLE, "too many calls to " + name + " are in flight (at most "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " at once)", 1));
        }
        return new Permit(breaker, bulkhead);
    }

    private long retryAfterSeconds(String key) {
        Long opened = openedAt.get(key);
        long leftNanos = opened == null ? openWait.toNanos() : opened + openWait.toNanos() - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(leftNanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    CircuitBreaker.State state(NamePath name) {
        return breakers.find(name.toString()).map(CircuitBreaker::getState).orElse(CircuitBreaker.State.CLOSED);
    }

    /**
     * One call's place in the breaker's window and the bulkhead. The breaker hears the call's
     * result once (the first of: an answer, a failure, the caller's deadline); the bulkhead place
     * is held until the call to the workload really ends.
     */
    static final class Permit {
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final long startedAt = System.nanoTime();
        private final AtomicBoolean judged = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();

        private Permit(CircuitBreaker breaker, Bulkhead bulkhead) {
            this.breaker = breaker;
            this.bulkhead = bulkhead;
        }

        void succeeded() {
            if (judged.compareAndSet(false, true)) {
                breaker.onSuccess(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
            }
        }

        void failed(Throwable cause) {
            if (judged.compareAndSet(false, true)) {
                breaker.onError(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS, cause);
            }
        }

        /** The call did not go to the workload after all (the key's record answered it): it counts for nothing. */
        void unused() {
            if (judged.compareAndSet(false, true)) {
                breaker.releasePermission();
            }
            finished();
        }

        void finished() {
            if (finished.compareAndSet(false, true)) {
                bulkhead.onComplete();
            }
        }
    }
}
