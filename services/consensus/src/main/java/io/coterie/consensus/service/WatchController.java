package io.coterie.consensus.service;

import io.coterie.auth.Action;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.service.SseWatches;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Watches as Server-Sent Events ({@code put}, {@code delete}); streaming and resuming as every
 * watch endpoint does ({@link SseWatches}).
 */
@RestController
class WatchController implements DisposableBean {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Access access;
    private final SseWatches watches;

    WatchController(ConsensusClient store, Access access) {
        this.access = access;
        this.watches = new SseWatches(store, KEEP_ALIVE, "watch-keep-alive");
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
        return watches.open(target, isPrefix, SseWatches.startRevision(fromRevision, lastEventId), event -> Optional.of(
                SseEmitter.event().name(event.type() == WatchEvent.Type.PUT ? "put" : "delete")
                        .data(Views.event(event), MediaType.APPLICATION_JSON)), access.tokenExpiresAt());
    }

    @Override
    public void destroy() {
        watches.close();
    }
}
