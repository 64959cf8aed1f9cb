package io.coterie.gateway.grpc;

import io.coterie.gateway.rpc.RpcDispatcher;
import io.coterie.rpc.RpcOutcome;
import io.coterie.gateway.rpc.RpcRequest;
import io.coterie.gateway.rpc.RpcResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** A dispatcher that keeps every request it gets and answers as the test says (by default: executed, null). */
final class TestDispatcher implements RpcDispatcher {

    final BlockingQueue<RpcRequest> requests = new LinkedBlockingQueue<>();
    final AtomicInteger cancelled = new AtomicInteger();
    private volatile Function<RpcRequest, Mono<RpcResponse>> answer;

    TestDispatcher() {
        reset();
    }

    void reset() {
        requests.clear();
        cancelled.set(0);
        answer = request -> Mono.just(executed("null", Map.of()));
    }

    void answer(Function<RpcRequest, Mono<RpcResponse>> answer) {
        this.answer = answer;
    }

    @Override
    public Mono<RpcResponse> call(RpcRequest request) {
        requests.add(request);
        return answer.apply(request).doOnCancel(cancelled::incrementAndGet);
    }

    static RpcResponse executed(String json, Map<String, String> headers) {
        return new RpcResponse(RpcOutcome.EXECUTED, 200, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }
}
