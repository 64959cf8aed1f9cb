package io.coterie.service;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchBatch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A store watch as a Server-Sent Events stream, the way every watch endpoint streams: the SSE id is
 * the revision, sent on the last event of each revision (alone, if the endpoint shows none of that
 * revision's events), so {@code Last-Event-ID} resumes exactly after what the client saw; a comment
 * line keeps idle streams open; a store error ends the stream with an {@code error} event holding
 * a problem document, and so does the expiry of the token that opened it (a stream must not outlive
 * its credentials; the client reconnects with a fresh token and {@code Last-Event-ID}); a client
 * that went away stops the watch.
 */
public final class SseWatches implements AutoCloseable {

    /** How an endpoint shows one store event; empty: not at all (its revision's id still goes out). */
    @FunctionalInterface
    public interface EventFormat {
        Optional<SseEmitter.SseEventBuilder> format(WatchEvent event);
    }

    private final ConsensusClient store;
    private final Duration keepAlive;
    private final ScheduledExecutorService pings;

    public SseWatches(ConsensusClient store, Duration keepAlive, String threadName) {
        this.store = store;
        this.keepAlive = keepAlive;
        this.pings = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The first revision to stream: after {@code Last-Event-ID} if the client sent one, else {@code fromRevision} (0: from now). */
    public static long startRevision(Long fromRevision, String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                long last = Long.parseLong(lastEventId.trim());
                if (last >= 0) {
                    return last + 1;
                }
            } catch (NumberFormatException e) {
                // the same answer as a negative number, below
            }
            throw ApiException.badRequest("Last-Event-ID must be a revision number");
        }
        if (fromRevision != null && fromRevision < 0) {
            throw ApiException.badRequest("fromRevision must not be negative");
        }
        return fromRevision == null ? 0 : fromRevision;
    }

    /**
     * Streams changes of {@code key} (or under it) from revision {@code from} until {@code until}
     * (empty: until the client leaves); a compacted start fails before the stream opens.
     */
    public SseEmitter open(String key, boolean prefix, long from, EventFormat format, Optional<Instant> until) {
        // One look before streaming, so that a compacted start is a plain 410 rather than a broken stream.
        WatchBatch first;
        try {
            first = store.poll(key, prefix, from, Duration.ZERO).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        SseEmitter emitter = new SseEmitter(0L);
        Sender sender = new Sender(emitter, format);
        sender.send(first.events());
        Watch watch = store.watch(key, prefix, first.nextRevision(), sender);
        ScheduledFuture<?> ping = pings.scheduleAtFixedRate(sender::ping, keepAlive.toMillis(), keepAlive.toMillis(),
                TimeUnit.MILLISECONDS);
        Optional<ScheduledFuture<?>> expiry = until.map(end -> pings.schedule(sender::expire,
                Math.max(0, Duration.between(Instant.now(), end).toMillis()), TimeUnit.MILLISECONDS));
        Runnable stop = () -> {
            watch.close();
            ping.cancel(false);
            expiry.ifPresent(task -> task.cancel(false));
        };
        sender.onBroken = stop;
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        return emitter;
    }

    @Override
    public void close() {
        pings.shutdownNow();
    }

    /** Writes events to one stream; runs {@code onBroken} once the client is gone. */
    private static final class Sender implements WatchListener {
        private final SseEmitter emitter;
        private final EventFormat format;
        private volatile Runnable onBroken = () -> { };

        Sender(SseEmitter emitter, EventFormat format) {
            this.emitter = emitter;
            this.format = format;
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
                    Optional<SseEmitter.SseEventBuilder> shown = format.format(event);
                    if (lastOfRevision) {
                        emitter.send(shown.orElseGet(SseEmitter::event).id(Long.toString(event.revision())));
                    } else if (shown.isPresent()) {
                        emitter.send(shown.get());
                    }
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
            end(error.type() == null ? ProblemType.INTERNAL : error.type(), error.getMessage());
        }

        void expire() {
            end(ProblemType.UNAUTHORIZED, "the token expired; watch again with a fresh one (Last-Event-ID resumes)");
        }

        private synchronized void end(ProblemType type, String detail) {
            try {
                emitter.send(SseEmitter.event().name("error").data(Problems.of(type, detail), MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                onBroken.run();
            }
        }
    }
}
