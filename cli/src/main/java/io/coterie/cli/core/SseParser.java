package io.coterie.cli.core;

import java.util.Optional;

/**
 * The event-stream format of the HTML living standard, fed one line at a time: {@code data} lines
 * join with newlines, a blank line ends an event, lines starting with {@code :} are comments, and
 * an event without data is dropped (though its id still counts).
 */
public final class SseParser {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private String idOfThisEvent;
    private String lastEventId;
    private Long retryMillis;
    private boolean firstLine = true;

    /** Feeds one line (without its line ending); returns the event a blank line completes. */
    public Optional<SseEvent> line(String line) {
        if (firstLine) {
            firstLine = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idOfThisEvent = value;
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // Unknown fields are ignored, as the format says.
            }
        }
        return Optional.empty();
    }

    /** The id to send back as {@code Last-Event-ID} on reconnecting, or null before any. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for, if it did. */
    public Optional<Long> retryMillis() {
        return Optional.ofNullable(retryMillis);
    }

    private Optional<SseEvent> dispatch() {
        Optional<SseEvent> event = hasData
                ? Optional.of(new SseEvent(type.isEmpty() ? "message" : type, data.toString(), idOfThisEvent))
                : Optional.empty();
        data.setLength(0);
        hasData = false;
        type = "";
        idOfThisEvent = null;
        return event;
    }
}
