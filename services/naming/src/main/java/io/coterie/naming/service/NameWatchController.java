package io.coterie.naming.service;

import io.coterie.auth.Action;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.NamePath;
import io.coterie.naming.NamePrefix;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.service.SseWatches;
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

    private final Access access;
    private final SseWatches watches;

    NameWatchController(ConsensusClient store, Access access, NamingSettings settings) {
        this.access = access;
        this.watches = new SseWatches(store, settings.watchKeepAlive(), "name-watch-keep-alive");
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
        return watches.open(key, isPrefix, SseWatches.startRevision(fromRevision, lastEventId), NameEvents::format,
                access.tokenExpiresAt());
    }

    @Override
    public void destroy() {
        watches.close();
    }
}
