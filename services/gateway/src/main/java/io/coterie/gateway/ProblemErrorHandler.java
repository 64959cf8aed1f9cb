package io.coterie.gateway;

import io.coterie.api.ProblemType;
import io.coterie.gateway.edge.EdgeRejection;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Every failure at the gateway (no route, no backend, a backend gone) as a problem document. */
@Order(-2)
final class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

    private final ProblemResponses problems;

    ProblemErrorHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof EdgeRejection rejection) {
            return problems.write(exchange, rejection.type(), rejection.getMessage(), rejection.retryAfter());
        }
        if (error instanceof DataBufferLimitException) {
            return problems.write(exchange, ProblemType.PAYLOAD_TOO_LARGE, error.getMessage());
        }
        if (error instanceof NotFoundException) {
            return problems.write(exchange, ProblemType.UNAVAILABLE, "no instance of the service is available");
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            if (code == 404) {
                return problems.write(exchange, ProblemType.NOT_FOUND, "no such endpoint: "
                        + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value());
            }
            if (code == 504) {
                return problems.write(exchange, ProblemType.DEADLINE_EXCEEDED, "the service did not answer in time");
            }
            if (code >= 500) {
                return problems.write(exchange, ProblemType.UNAVAILABLE, "the service is unavailable");
            }
            return problems.write(exchange, code == 413 ? ProblemType.PAYLOAD_TOO_LARGE : ProblemType.INVALID_REQUEST,
                    status.getReason() != null ? status.getReason() : "the request was refused");
        }
        if (error instanceof ConnectException || error.getCause() instanceof ConnectException) {
            return problems.write(exchange, ProblemType.UNAVAILABLE, "the service is unreachable");
        }
        LOG.error("Gateway failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        return problems.write(exchange, ProblemType.INTERNAL, "internal error; see the gateway log");
    }
}
