package io.coterie.gateway.rpc;

import io.coterie.rpc.RpcOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs first for {@code /v1/rpc/...}: notes the arrival (the caller's deadline counts from it), and
 * makes the answers that the edge gives before a call reaches the dispatcher (no token, a refused
 * URL, a rate limit) RPC answers too: {@code Coterie-Outcome: rejected}, and {@code outcome} (and
 * {@code idempotencyKey}) in the problem document. None of them let the command run.
 */
final class RpcEdgeFilter implements WebFilter, Ordered {

    static final String ARRIVAL = RpcEdgeFilter.class.getName() + ".arrival";

    @Override
    public int getOrder() {
        // Before the security chain, whose refusals are among those to mark.
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static boolean isRpcPath(String path) {
        return path.equals(RpcController.PATH) || path.startsWith(RpcController.PATH + "/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!isRpcPath(path)) {
            return chain.filter(exchange);
        }
        exchange.getAttributes().put(ARRIVAL, Instant.now());
        String key = exchange.getRequest().getHeaders().getFirst(RpcController.KEY_HEADER);
        ServerHttpResponse marked = new RejectionMarking(exchange.getResponse(), CallRules.isValidKey(key) ? key : null);
        return chain.filter(exchange.mutate().response(marked).build());
    }

    /** Marks an answer that does not say its outcome; the controller's answers always say it. */
    private static final class RejectionMarking extends ServerHttpResponseDecorator {

        private final String key;

        RejectionMarking(ServerHttpResponse delegate, String key) {
            super(delegate);
            this.key = key;
            delegate.beforeCommit(() -> {
                if (isUnmarkedRefusal()) {
                    getHeaders().set(RpcController.OUTCOME_HEADER, RpcOutcome.REJECTED.wire());
                }
                return Mono.empty();
            });
        }

        private boolean isUnmarkedRefusal() {
            HttpStatusCode status = getStatusCode();
            return status != null && status.value() >= 400 && !getHeaders().containsHeader(RpcController.OUTCOME_HEADER);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            MediaType type = getHeaders().getContentType();
            if (!isUnmarkedRefusal() || type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(body).flatMap(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                int status = getStatusCode().value();
                byte[] marked = RpcProblems.withOutcome(bytes, RpcProblems.typeOf(status),
                        new String(bytes, StandardCharsets.UTF_8), null, RpcOutcome.REJECTED, key);
                getHeaders().set(RpcController.OUTCOME_HEADER, RpcOutcome.REJECTED.wire());
                getHeaders().setContentLength(marked.length);
                return super.writeWith(Mono.just(bufferFactory().wrap(marked)));
            });
        }
    }
}
