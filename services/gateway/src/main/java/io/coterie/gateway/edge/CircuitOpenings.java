package io.coterie.gateway.edge;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each circuit opened, so that a refused caller learns how long until a trial call is let through. */
final class CircuitOpenings {

    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    CircuitOpenings(CircuitBreakerRegistry registry) {
        registry.getAllCircuitBreakers().forEach(this::follow);
        registry.getEventPublisher().onEntryAdded(added -> follow(added.getAddedEntry()));
    }

    private void follow(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(breaker.getName(), event.getCreationTime().toInstant());
            }
        });
    }

    /** Until the open circuit lets a trial call through; at least a second (also while half-open trials are running). */
    Duration retryAfter(CircuitBreaker breaker) {
        Instant opened = openedAt.get(breaker.getName());
        if (breaker.getState() != CircuitBreaker.State.OPEN || opened == null) {
            return Duration.ofSeconds(1);
        }
        long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        Duration left = Duration.between(Instant.now(), opened.plusMillis(waitMillis));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
