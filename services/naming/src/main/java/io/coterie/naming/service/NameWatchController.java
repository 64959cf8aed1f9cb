package io.coterie.naming.service;

import io.coterie.auth.Action;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchBatch;
import io.coterie.naming.NamePath;
import io.coterie.naming.NamePrefix;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Watches of one name or of a prefix, as Server-Sent Events ({@code bind}, {@code unbind}). The
 * SSE id is the store revision, sent on the last event of each revision, so {@code Last-Event-ID}
 * resumes exactly after what the client saw.
 */
@RestController
class NameWatchController implements DisposableBean {

    private final ConsensusClient store;
    private final Access access;
    private final Duration keepAlive;
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "name-watch-keep-alive");
        thread.setDaemon(true);
        return thread;
    });

    NameWatchController(ConsensusClient store, Access access, NamingSettings settings) {
        this.store = store;
        this.access = access;
        this.keepAlive = settings.watchKeepAlive();
    }

    @GetMapping(path = "/v1/watch/names", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter watch(@RequestParam(required = false) String path,
                     @RequestParam(required = false) String prefix,
                     @RequestParam(required = false) Long fromRevision,
                     @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        if ((path == null) == (prefix == null)) {
            throw ApiException.badRequest("name exactly one of path (one name) and prefix");
        }
        boolean isPrefix = prefix != null;
        String watched;
        String key;
        if (isPrefix) {
            NamePrefix p = Names.prefix(prefix);
            watched = p.toString();
            key = p.storeKeyPrefix();
        } else {
            NamePath name = Names.path(path);
            watched = name.toString();
            key = name.storeKey();
        }
        access.require(Action.READ, watched);
        long from = start(fromRevision, lastEventId);

        // One look before streaming, so that a compacted start is a plain 410 rather than a broken stream.
        WatchBatch first;
        try {
            first = store.poll(key, isPrefix, from, Duration.ZERO).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        SseEmitter emitter = new SseEmitter(0L);
        NameEventSender sender = new NameEventSender(emitter);
        sender.send(first.events());
        Watch watch = store.watch(key, isPrefix, first.nextRevision(), sender);
        ScheduledFuture<?> ping = pings.scheduleAtFixedRate(sender::ping, keepAlive.toMillis(), keepAlive.toMillis(),
                TimeUnit.MILLISECONDS);
        Runnable stop = () -> {
            watch.close();
            ping.cancel(false);
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
                long last = Long.parseLong(lastEventId.trim());
                if (last < 0) {
                    throw ApiException.badRequest("Last-Event-ID must be a revision number");
                }
                return last + 1;
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Last-Event-ID must be a revision number");
            }
        }
        if (fromRevision != null && fromRevision < 0) {
            throw ApiException.badRequest("fromRevision must not be negative");
        }
        return fromRevision == null ? 0 : fromRevision;
    }

    @Override
    public void destroy() {
        pings.shutdownNow();
    }
}
