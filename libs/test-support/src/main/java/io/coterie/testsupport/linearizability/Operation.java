package io.coterie.testsupport.linearizability;

import java.util.Objects;

/**
 * One operation as a client saw it: what it asked, what came back, and the interval within which it must
 * have taken effect. Linearizability is judged on these client-side observations alone, so the interval
 * must be measured by the client: {@code callNanos} taken before the request is sent, {@code returnNanos}
 * after the response arrives (both from {@link System#nanoTime()} or any other shared monotonic clock).
 *
 * <p>An operation whose outcome is unknown (the client gave up waiting, as happens while a leader is being
 * killed) has {@code returnNanos == UNKNOWN_RETURN} and a {@code null} output: it may have taken effect at
 * any time after its call, or never.
 *
 * @param clientId who issued it; only used in failure messages (linearizability does not need it)
 * @param input what was asked
 * @param output what came back; {@code null} when the outcome is unknown
 * @param callNanos when it was invoked
 * @param returnNanos when its response arrived, or {@link #UNKNOWN_RETURN}
 */
public record Operation<I, O>(int clientId, I input, O output, long callNanos, long returnNanos) {

    /** The return time of an operation whose outcome is unknown: it never returned. */
    public static final long UNKNOWN_RETURN = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(input, "input");
        if (returnNanos < callNanos) {
            throw new IllegalArgumentException(
                    "operation returned (" + returnNanos + ") before it was called (" + callNanos + ")");
        }
        if (returnNanos == UNKNOWN_RETURN && output != null) {
            throw new IllegalArgumentException("an operation with unknown outcome cannot have an output: " + output);
        }
    }

    /** An operation that completed and whose output is known. */
    public static <I, O> Operation<I, O> completed(int clientId, I input, O output, long callNanos, long returnNanos) {
        if (returnNanos == UNKNOWN_RETURN) {
            throw new IllegalArgumentException("a completed operation needs a real return time");
        }
        return new Operation<>(clientId, input, output, callNanos, returnNanos);
    }

    /** An operation that may or may not have taken effect, at any time after {@code callNanos}. */
    public static <I, O> Operation<I, O> unknown(int clientId, I input, long callNanos) {
        return new Operation<>(clientId, input, null, callNanos, UNKNOWN_RETURN);
    }

    public boolean outcomeUnknown() {
        return returnNanos == UNKNOWN_RETURN;
    }
}
