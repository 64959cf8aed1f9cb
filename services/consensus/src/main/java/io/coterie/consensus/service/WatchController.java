package io.coterie.consensus.service;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchBatch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.service.Problems;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Watches as Server-Sent Events. The SSE id is the revision, sent on the last event of each
 * revision, so {@code Last-Event-ID} resumes exactly after what the client saw.
 */
@RestController
class WatchController {

    private static final long KEEP_ALIVE_SECONDS = 15;

    private final ConsensusClient store;
    private final Access access;
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "watch-keep-alive");
        thread.setDaemon(true);
        return thread;
    });

    WatchController(ConsensusClient store, Access access) {
        this.store = store;
        this.access = access;
    }

    @GetMapping(path = "/v1/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter watch(@RequestParam(required = false) String key,
                     @RequestParam(required = false) String prefix,
                     @RequestParam(required = false) Long fromRevision,
                     @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        if ((key == null) == (prefix == null)) {
            throw ApiException.badRequest("name exactly one of key and prefix");
        }
        boolean isPrefix = prefix != null;
        String target = isPrefix ? Keys.prefix(prefix) : Keys.key(key);
        access.require(Action.READ, target);
        long from = start(fromRevision, lastEventId);

        // Look once before streaming, so that a compacted start is a plain 410, not a broken stream.
        WatchBatch first;
        try {
            first = store.poll(target, isPrefix, from, Duration.ZERO).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        SseEmitter emitter = new SseEmitter(0L);
        Sender sender = new Sender(emitter);
        sender.send(first.events());
        Watch watch = store.watch(target, isPrefix, first.nextRevision(), sender);
        ScheduledFuture<?> pings = keepAlive.scheduleAtFixedRate(sender::ping, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
        Runnable stop = () -> {
            watch.close();
            pings.cancel(false);
        };
        sender.onBroken(stop);
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        return emitter;
    }

    private static long start(Long fromRevision, String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return Long.parseLong(lastEventId.trim()) + 1;
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Last-Event-ID must be a revision number");
            }
        }
        if (fromRevision != null && fromRevision < 0) {
            throw ApiException.badRequest("fromRevision must not be negative");
        }
        return fromRevision == null ? 0 : fromRevision;
    }

    /** Writes events to one SSE stream; stops the watch when the client has gone. */
    private static final class Sender implements WatchListener {
        private final SseEmitter emitter;
        private volatile Runnable onBroken = () -> { };

        Sender(SseEmitter emitter) {
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
                    SseEmitter.SseEventBuilder sse = SseEmitter.event()
                            .name(event.type() == WatchEvent.Type.PUT ? "put" : "delete")
                            .data(Views.event(event), MediaType.APPLICATION_JSON);
                    if (lastOfRevision) {
                        sse.id(Long.toString(event.revision()));
                    }
                    emitter.send(sse);
                }
            } catch (IOException | IllegalStateException e) {
                onBroken.run();
            }
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
                emitter.send(SseEmitter.event().name("error")
                        .data(Problems.of(error.type() == null ? ProblemType.INTERNAL : error.type(), error.getMessage()),
                                MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                onBroken.run();
            }
        }
    }
}
