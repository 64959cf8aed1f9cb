package io.coterie.gateway;

import io.coterie.api.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses at the edge what every service would refuse anyway: a request without a valid bearer
 * token. Only readiness is public. The services check the token again.
 */
final class TokenWebFilter implements WebFilter, Ordered {

    static final String READINESS = "/actuator/health/readiness";
    private static final String PREFIX = "Bearer ";

    private final byte[] expected;
    private final ProblemResponses problems;

    TokenWebFilter(String token, ProblemResponses problems) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (READINESS.equals(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return problems.write(exchange, ProblemType.UNAUTHORIZED,
                    "this endpoint needs a bearer token (Authorization: Bearer <token>)");
        }
        byte[] presented = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            return problems.write(exchange, ProblemType.UNAUTHORIZED, "the token is not valid");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
