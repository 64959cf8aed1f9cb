package io.coterie.cli.name;

import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.SseEvent;
import io.coterie.cli.core.WatchStream.Change;
import tools.jackson.databind.JsonNode;

/**
 * Reads the events of {@code GET /v1/watch/names}. docs/api.md says only "bind and unbind events
 * with the entry", so this accepts both likely shapes: {@code {"type","path","revision","entry"}}
 * and the entry itself with {@code type} beside its members. The type falls back to the SSE event
 * name and the revision to the SSE id; an event without a type, path or revision is no change.
 */
final class NameEvents {

    private NameEvents() {
    }

    static Change decode(SseEvent event, boolean json) {
        JsonNode data = Json.mapper().readTree(event.data());
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode entry = data.path("entry").isObject() ? data.get("entry") : data;
        String type = Nodes.text(data, "type") != null ? Nodes.text(data, "type") : sseType(event);
        String path = Nodes.text(data, "path") != null ? Nodes.text(data, "path") : Nodes.text(entry, "path");
        Long revision = revision(data, entry, event);
        if (type == null || path == null || revision == null) {
            return null;
        }
        String line = json ? Json.write(data) : NameFormat.watchLine(type, path, entry, revision);
        return new Change(revision, line);
    }

    private static String sseType(SseEvent event) {
        return "message".equals(event.type()) ? null : event.type();
    }

    private static Long revision(JsonNode data, JsonNode entry, SseEvent event) {
        Long revision = Nodes.number(data, "revision");
        if (revision == null) {
            revision = Nodes.number(entry, "revision");
        }
        if (revision == null && event.id() != null && event.id().matches("\\d{1,18}")) {
            revision = Long.parseLong(event.id());
        }
        return revision;
    }
}
