package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import io.coterie.gateway.ProblemResponses;
import java.time.Duration;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Starts each call's clock on arrival, before security and body checks take their time, and turns
 * a malformed {@code Coterie-Timeout} away (400). {@code /v1/rpc} reads the header itself (its
 * default and its answers differ, docs/rpc.md).
 */
final class RouteDeadlineFilter implements WebFilter, Ordered {

    private final Duration defaultTimeout;
    private final Set<String> streams;
    private final ProblemResponses problems;

    RouteDeadlineFilter(Duration defaultTimeout, Set<String> streams, ProblemResponses problems) {
        this.defaultTimeout = defaultTimeout;
        this.streams = streams;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long arrival = System.nanoTime();
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (EdgePaths.isRpc(path)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(RouteDeadline.HEADER);
        RouteDeadline deadline;
        if (header != null) {
            try {
                deadline = RouteDeadline.callers(arrival, RouteDeadline.parse(header));
            } catch (IllegalArgumentException e) {
                return problems.write(exchange, ProblemType.INVALID_REQUEST, e.getMessage());
            }
        } else {
            deadline = streams.contains(path) ? RouteDeadline.none() : RouteDeadline.gateways(arrival, defaultTimeout);
        }
        exchange.getAttributes().put(RouteDeadline.ATTRIBUTE, deadline);
        return chain.filter(exchange);
    }
}
