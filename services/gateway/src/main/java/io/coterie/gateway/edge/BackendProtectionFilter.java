package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Per service behind a route: a circuit breaker, a bulkhead and the call's deadline.
 *
 * <p>A call here lasts until the service's answer begins (its status and headers), not until its
 * body has been relayed: the body is written by the filter around this one. So a long-lived stream
 * holds a bulkhead slot and counts for its circuit only while it starts, and a deadline bounds the
 * wait for an answer, never a stream that is flowing.
 */
final class BackendProtectionFilter implements GlobalFilter, Ordered {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final CircuitOpenings openings;
    private final Duration defaultTimeout;

    BackendProtectionFilter(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, Duration defaultTimeout) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.openings = new CircuitOpenings(breakers);
        this.defaultTimeout = defaultTimeout;
    }

    /** Inside NettyWriteResponseFilter (-1), which relays the body; outside the route's filters (retries, 1 and up). */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !"lb".equals(route.getUri().getScheme())) {
            return chain.filter(exchange);
        }
        String service = route.getUri().getHost();
        RouteDeadline deadline = exchange.getAttributeOrDefault(RouteDeadline.ATTRIBUTE, RouteDeadline.none());
        if (deadline.bounded() && deadline.remaining().isZero()) {
            return Mono.error(deadline.exceeded(service, defaultTimeout));
        }
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        Bulkhead bulkhead = bulkheads.bulkhead(service);
        Mono<Void> call = chain.filter(exchange).then(Mono.defer(() -> failedAnswer(exchange, service)));
        if (deadline.bounded()) {
            call = call.timeout(deadline.remaining(), Mono.error(() -> deadline.exceeded(service, defaultTimeout)));
        }
        return call.transformDeferred(BulkheadOperator.of(bulkhead))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                // The service's own 5xx answer counted against its circuit; its caller still gets it as it was.
                .onErrorResume(FailedAnswer.class, e -> Mono.empty())
                .onErrorMap(CallNotPermittedException.class, e -> new EdgeRejection(ProblemType.CIRCUIT_OPEN,
                        "calls to " + service + " are failing; the gateway is not sending it more until a trial call succeeds",
                        openings.retryAfter(breaker), false))
                .onErrorMap(BulkheadFullException.class, e -> new EdgeRejection(ProblemType.UNAVAILABLE,
                        "too many calls to " + service + " are waiting for an answer (at most "
                                + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + ")", Duration.ofSeconds(1), false));
    }

    private static Mono<Void> failedAnswer(ServerWebExchange exchange, String service) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && status.is5xxServerError() ? Mono.error(new FailedAnswer(service, status)) : Mono.empty();
    }

    /** A 5xx answer from the service, as an error only while its circuit judges the call. */
    static final class FailedAnswer extends EdgeRejection {
        FailedAnswer(String service, HttpStatusCode status) {
            super(ProblemType.UNAVAILABLE, service + " answered " + status.value(), null, true);
        }
    }
}
