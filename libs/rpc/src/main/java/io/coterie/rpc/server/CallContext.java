package io.coterie.rpc.server;

import java.time.Duration;

/**
 * Who is calling and how long they wait.
 *
 * @param principal      the subject of the caller's token
 * @param method         the method called
 * @param idempotencyKey the caller's key, or null
 * @param deadlineNanos  when the caller stops waiting, on {@link System#nanoTime()}'s scale
 */
public record CallContext(String principal, String method, String idempotencyKey, long deadlineNanos) {

    /** What is left of the caller's budget (zero or negative once it has passed). */
    public Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    public boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }
}
