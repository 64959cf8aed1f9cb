package io.coterie.naming.service;

import io.coterie.consensus.client.WatchEvent;
import io.coterie.naming.Binding;
import io.coterie.naming.EntryJson;
import io.coterie.naming.NamePath;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Store events as the namespace's {@code bind}/{@code unbind} events. A key whose value is no
 * valid entry counts as unbound; a key that is no valid name is not shown at all.
 */
final class NameEvents {

    /** What an unbind event carries: the name, and the revision at which it went. */
    record Unbound(String path, long revision) {
    }

    private NameEvents() {
    }

    static Optional<SseEmitter.SseEventBuilder> format(WatchEvent event) {
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
}
