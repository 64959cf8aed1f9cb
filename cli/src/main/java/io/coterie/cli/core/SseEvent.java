package io.coterie.cli.core;

/**
 * One Server-Sent Event. {@code id} is the id this event carried itself (null when it had none);
 * {@link SseParser#lastEventId()} keeps the running value a reconnect sends back.
 */
public record SseEvent(String type, String data, String id) {
}
