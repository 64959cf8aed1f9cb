package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import java.time.Duration;

/**
 * When the gateway stops waiting for a routed call to begin answering: the caller's
 * {@code Coterie-Timeout}, else the default response timeout, else (a long-lived stream) never.
 * Counted from the request's arrival at the gateway.
 */
final class RouteDeadline {

    static final String ATTRIBUTE = RouteDeadline.class.getName();
    static final String HEADER = "Coterie-Timeout";
    static final long MAX_MILLIS = 300_000;

    private static final RouteDeadline NONE = new RouteDeadline(0, null, false);

    private final long atNanos;
    private final Duration budget;
    private final boolean callers;

    private RouteDeadline(long atNanos, Duration budget, boolean callers) {
        this.atNanos = atNanos;
        this.budget = budget;
        this.callers = callers;
    }

    static RouteDeadline none() {
        return NONE;
    }

    static RouteDeadline callers(long arrivalNanos, Duration budget) {
        return new RouteDeadline(arrivalNanos + budget.toNanos(), budget, true);
    }

    static RouteDeadline gateways(long arrivalNanos, Duration budget) {
        return new RouteDeadline(arrivalNanos + budget.toNanos(), budget, false);
    }

    /** The caller's budget from a header value: 1 to 300,000 ms, digits only. */
    static Duration parse(String value) {
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(digits) < 1 || Long.parseLong(digits) > MAX_MILLIS) {
            throw new IllegalArgumentException(HEADER + " must be a whole number of milliseconds from 1 to " + MAX_MILLIS
                    + ", not '" + value + "'");
        }
        return Duration.ofMillis(Long.parseLong(digits));
    }

    boolean bounded() {
        return budget != null;
    }

    /** What is left, zero once passed (only for a bounded deadline). */
    Duration remaining() {
        long left = atNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * The 504 for a call that ran out of time. It counts against the service's circuit only when the
     * service had at least the default response timeout: a caller's short budget is not its fault.
     */
    EdgeRejection exceeded(String service, Duration defaultTimeout) {
        String detail = callers
                ? service + " did not answer within the caller's deadline (" + HEADER + ": " + budget.toMillis() + ")"
                : service + " did not answer within the gateway's response timeout (" + budget.toMillis() + " ms)";
        return new EdgeRejection(ProblemType.DEADLINE_EXCEEDED, detail, null, budget.compareTo(defaultTimeout) >= 0);
    }
}
