package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import io.coterie.naming.Binding;
import io.coterie.naming.EntryJson;
import io.coterie.naming.NamePath;
import io.coterie.service.Problems;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Turns store events into {@code bind}/{@code unbind} events on one SSE stream. A key whose value
 * is no valid entry counts as unbound; a key that is no valid name is not reported, but the id of
 * its revision still is (an SSE message with only an id), so resuming stays exact.
 */
final class NameEventSender implements WatchListener {

    /** What an unbind event carries: the name, and the revision at which it went. */
    record Unbound(String path, long revision) {
    }

    private final SseEmitter emitter;
    private volatile Runnable onBroken = () -> { };

    NameEventSender(SseEmitter emitter) {
        this.emitter = emitter;
    }

    void onBroken(Runnable onBroken) {
        this.onBroken = onBroken;
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        send(events);
    }

    synchronized void send(List<WatchEvent> events) {
        try {
            for (int i = 0; i < events.size(); i++) {
                WatchEvent event = events.get(i);
                boolean lastOfRevision = i == events.size() - 1 || events.get(i + 1).revision() != event.revision();
                SseEmitter.SseEventBuilder sse = translate(event).orElseGet(SseEmitter::event);
                if (lastOfRevision) {
                    emitter.send(sse.id(Long.toString(event.revision())));
                } else if (!sse.build().isEmpty()) {
                    emitter.send(sse);
                }
            }
        } catch (IOException | IllegalStateException e) {
            onBroken.run();
        }
    }

    private static Optional<SseEmitter.SseEventBuilder> translate(WatchEvent event) {
        Optional<NamePath> name = NamePath.fromStoreKeyIfValid(event.kv().key());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Binding> bound = event.type() == WatchEvent.Type.PUT ? Binding.readable(event.kv()) : Optional.empty();
        if (bound.isPresent()) {
            return Optional.of(SseEmitter.event().name("bind").data(EntryJson.toJson(bound.get()), MediaType.APPLICATION_JSON));
        }
        return Optional.of(SseEmitter.event().name("unbind")
                .data(new Unbound(name.get().toString(), event.revision()), MediaType.APPLICATION_JSON));
    }

    synchronized void ping() {
        try {
            emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException e) {
            onBroken.run();
        }
    }

    @Override
    public void onError(ConsensusException error) {
        try {
            emitter.send(SseEmitter.event().name("error").data(
                    Problems.of(error.type() == null ? ProblemType.INTERNAL : error.type(), error.getMessage()),
                    MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            onBroken.run();
        }
    }
}
