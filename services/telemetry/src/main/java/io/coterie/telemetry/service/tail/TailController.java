package io.coterie.telemetry.service.tail;

import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.telemetry.service.SeriesNames;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A live view of a source: one {@code point} event per point, sent once it is committed to the
 * database. A live view only: there is no resuming, points stored while a client was away are read
 * with the series call.
 */
@RestController
class TailController {

    private final TailHub hub;
    private final Access access;

    TailController(TailHub hub, Access access) {
        this.hub = hub;
        this.access = access;
    }

    @GetMapping(path = "/v1/telemetry/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter tail(@RequestParam(required = false) String source, @RequestParam(required = false) String metric) {
        String tailed = SeriesNames.source(source);
        String only = metric == null ? null : SeriesNames.metric(metric);
        access.require(Action.READ, SeriesNames.resource(tailed));
        SseEmitter emitter = new SseEmitter(0L);
        TailSubscription tail = hub.open(tailed, only, new SseTailSink(emitter), access.tokenExpiresAt());
        emitter.onCompletion(tail::close);
        emitter.onTimeout(tail::close);
        emitter.onError(e -> tail.close());
        return emitter;
    }
}
