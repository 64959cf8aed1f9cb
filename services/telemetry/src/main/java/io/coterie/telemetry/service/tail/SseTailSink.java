package io.coterie.telemetry.service.tail;

import io.coterie.api.ProblemType;
import io.coterie.service.Problems;
import io.coterie.telemetry.client.TelemetryPoint;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A tail as Server-Sent Events, in the form every Coterie stream uses (keep-alive comments, an {@code error} event at the end). */
final class SseTailSink implements TailSink {

    private final SseEmitter emitter;

    SseTailSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void point(TelemetryPoint point) throws IOException {
        emitter.send(SseEmitter.event().name("point").data(TailPointView.of(point), MediaType.APPLICATION_JSON));
    }

    @Override
    public void lagged(long dropped) throws IOException {
        emitter.send(SseEmitter.event().name("lagged").data(Map.of("dropped", dropped), MediaType.APPLICATION_JSON));
    }

    @Override
    public void keepAlive() throws IOException {
        emitter.send(SseEmitter.event().comment("keep-alive"));
    }

    @Override
    public void expired() throws IOException {
        emitter.send(SseEmitter.event().name("error").data(Problems.of(ProblemType.UNAUTHORIZED,
                "the token expired; tail again with a fresh one"), MediaType.APPLICATION_JSON));
        emitter.complete();
    }
}
