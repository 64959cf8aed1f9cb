package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import io.coterie.gateway.ProblemResponses;
import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 429 {@code rate-limited} for a principal over its budget, on every path of the public port
 * (routes, {@code /v1/rpc}, the gateway's own); readiness probes are never limited.
 */
final class RateLimitFilter implements WebFilter, Ordered {

    private static final String READINESS = "/actuator/health/readiness";

    private final PrincipalRateLimits limits;
    private final ProblemResponses problems;

    RateLimitFilter(PrincipalRateLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    /** Right after the security chain (-100): the principal is known, and a bad token was already turned away. */
    @Override
    public int getOrder() {
        return -50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().pathWithinApplication().value().equals(READINESS)) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .defaultIfEmpty(PrincipalRateLimits.anonymous(exchange.getRequest().getRemoteAddress()))
                .flatMap(principal -> limits.tryAcquire(principal)
                        .map(wait -> problems.write(exchange, ProblemType.RATE_LIMITED, "too many requests from "
                                + (principal.startsWith("ip:") ? principal.substring(3) : principal)
                                + " (at most " + limits + "); retry after the time in Retry-After", wait))
                        .orElseGet(() -> chain.filter(exchange)));
    }
}
