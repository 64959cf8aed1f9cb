package io.coterie.gateway;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;
import io.coterie.gateway.edge.PrincipalRateLimits;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Problem documents written straight to a reactive response. */
public final class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail) {
        return write(exchange, type, detail, null);
    }

    /** With {@code Retry-After} (whole seconds, rounded up) when {@code retryAfter} is given; 1 s for other 429 and 503 answers. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail, Duration retryAfter) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(type.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (type == ProblemType.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (retryAfter != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(PrincipalRateLimits.retryAfterSeconds(retryAfter)));
        } else if (type.status() == 503 || type.status() == 429) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        if (hasUnreadBody(exchange)) {
            // The request body was never read; keeping the connection would leave it in the
            // stream, where the client's next request on this connection waits behind it.
            response.getHeaders().setConnection("close");
        }
        Problem problem = new Problem(type.uri().toString(), type.title(), type.status(), detail,
                exchange.getRequest().getPath().value(), null);
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(buffer));
    }

    private static boolean hasUnreadBody(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
