package io.coterie.gateway.edge;

import java.net.ConnectException;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.retry.Retry;

/**
 * {@code IdempotentRetry}: tries another instance when one fails, as far as that is safe.
 *
 * <ul>
 *   <li>GET, HEAD, PUT, DELETE, OPTIONS (the same request twice has the effect of once): after a
 *       connection failure, a connection closed before the answer, or a 502/503 answer.</li>
 *   <li>POST and PATCH: only when the connection could not be made (refused, or not established in
 *       time). Nothing was sent, so the service cannot have acted; after anything else it may have,
 *       and a second try could do the work twice.</li>
 * </ul>
 *
 * Each try goes through the load balancer again (the next instance in turn); the body is cached
 * for the tries (at most {@code coterie.gateway.max-request-size}).
 */
public class IdempotentRetryGatewayFilterFactory extends AbstractGatewayFilterFactory<IdempotentRetryGatewayFilterFactory.Config> {

    private static final Set<HttpMethod> IDEMPOTENT =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS);
    private static final Set<Integer> ANOTHER_INSTANCE_MAY_ANSWER = Set.of(502, 503);

    public IdempotentRetryGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public GatewayFilter apply(Config config) {
        enableBodyCaching(config.getRouteId());
        return (exchange, chain) -> {
            boolean idempotent = IDEMPOTENT.contains(exchange.getRequest().getMethod());
            Mono<Void> attempt = chain.filter(exchange)
                    .then(Mono.defer(() -> idempotent && answerWorthRetrying(exchange) ? Mono.error(new RetryableAnswer()) : Mono.empty()));
            return attempt
                    .retryWhen(Retry.max(config.getRetries())
                            .filter(e -> e instanceof RetryableAnswer || (idempotent ? failedBeforeAnswer(e) : refusedBeforeSending(e)))
                            .doBeforeRetry(signal -> ServerWebExchangeUtils.reset(exchange))
                            .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                    // The last instance's 502/503 goes to the caller as it was.
                    .onErrorResume(RetryableAnswer.class, e -> Mono.empty());
        };
    }

    private static boolean answerWorthRetrying(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && ANOTHER_INSTANCE_MAY_ANSWER.contains(status.value());
    }

    /** A refused connection or a connect timeout (Netty's is a ConnectException too): no byte left the gateway. */
    private static boolean refusedBeforeSending(Throwable error) {
        return causedBy(error, ConnectException.class);
    }

    private static boolean failedBeforeAnswer(Throwable error) {
        return refusedBeforeSending(error) || causedBy(error, PrematureCloseException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    private static final class RetryableAnswer extends RuntimeException {
        RetryableAnswer() {
            super(null, null, false, false);
        }
    }

    public static class Config implements HasRouteId {

        private int retries = 2;
        private String routeId;

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            this.retries = retries;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }
    }
}
