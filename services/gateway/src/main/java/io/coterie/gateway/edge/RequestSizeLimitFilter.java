package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import io.coterie.gateway.ProblemResponses;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 413 {@code payload-too-large} for request bodies over the limit: at once by the declared
 * {@code Content-Length}, and for a body without one (chunked) as soon as the bytes that have
 * streamed in pass the limit, before the rest is buffered or forwarded.
 */
final class RequestSizeLimitFilter implements WebFilter, Ordered {

    /** How much of a declared body beyond the limit is read and dropped before the 413. */
    static final long SWALLOW_BYTES = 2 * 1024 * 1024;

    private final long routeLimit;
    private final long rpcLimit;
    private final ProblemResponses problems;

    RequestSizeLimitFilter(long routeLimit, long rpcLimit, ProblemResponses problems) {
        this.routeLimit = routeLimit;
        this.rpcLimit = rpcLimit;
        this.problems = problems;
    }

    /** Before the security chain: a body that will be refused anyway is not worth a token check. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = EdgePaths.isRpc(request.getPath().pathWithinApplication().value()) ? rpcLimit : routeLimit;
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            Mono<Void> refusal = Mono.defer(() -> problems.write(exchange, ProblemType.PAYLOAD_TOO_LARGE,
                    "the request body is " + declared + " bytes; the limit here is " + limit));
            if (declared - limit > SWALLOW_BYTES) {
                return refusal;
            }
            // Read and drop the body first: a client still sending it would otherwise meet a closed
            // connection and never read the 413 (Tomcat swallows up to 2 MiB for the same reason).
            return request.getBody().doOnNext(DataBufferUtils::release).then(refusal);
        }
        if (declared >= 0) {
            return chain.filter(exchange); // the server reads no more than the declared length
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limit(super.getBody(), limit);
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    /** Spring's own exception for too many bytes, which readers of the body already treat as 413. */
    static Flux<DataBuffer> limit(Flux<DataBuffer> body, long limit) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            return body.handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new DataBufferLimitException("the request body is larger than the limit here of " + limit + " bytes"));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }
}
