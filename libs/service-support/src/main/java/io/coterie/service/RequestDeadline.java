package io.coterie.service;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the caller still waits for the request being served, from its {@code Coterie-Timeout}
 * header (docs/api.md, Deadlines): the gateway forwards what is left of its caller's budget, so
 * work nobody waits for any more can be skipped or cut short.
 *
 * <p>Handlers take it as a parameter ({@code RequestDeadline deadline}) or with {@link #of}; a
 * request without the header has an unbounded deadline.
 */
public final class RequestDeadline {

    public static final String HEADER = "Coterie-Timeout";
    public static final long MAX_MILLIS = 300_000;

    static final String ATTRIBUTE = RequestDeadline.class.getName();

    private static final RequestDeadline UNBOUNDED = new RequestDeadline(0, false);

    private final long deadlineNanos;
    private final boolean bounded;

    private RequestDeadline(long deadlineNanos, boolean bounded) {
        this.deadlineNanos = deadlineNanos;
        this.bounded = bounded;
    }

    /** The deadline of this request, as {@link RequestDeadlineFilter} read it on arrival; unbounded without the header. */
    public static RequestDeadline of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestDeadline deadline ? deadline : UNBOUNDED;
    }

    public static RequestDeadline unbounded() {
        return UNBOUNDED;
    }

    /**
     * The deadline a header value sets for a request that arrived at {@code arrivalNanos}
     * ({@link System#nanoTime()}).
     *
     * @throws IllegalArgumentException unless the value is a whole number of milliseconds from 1 to
     *                                  {@link #MAX_MILLIS}, digits only
     */
    public static RequestDeadline parse(String value, long arrivalNanos) {
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(rule(value));
        }
        long millis = Long.parseLong(digits);
        if (millis < 1 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException(rule(value));
        }
        return new RequestDeadline(arrivalNanos + Duration.ofMillis(millis).toNanos(), true);
    }

    private static String rule(String value) {
        return HEADER + " must be a whole number of milliseconds from 1 to " + MAX_MILLIS + ", not '" + value + "'";
    }

    public boolean bounded() {
        return bounded;
    }

    /** What is left (zero once it passed); empty when unbounded. */
    public Optional<Duration> remaining() {
        if (!bounded) {
            return Optional.empty();
        }
        long left = deadlineNanos - System.nanoTime();
        return Optional.of(left > 0 ? Duration.ofNanos(left) : Duration.ZERO);
    }

    public boolean expired() {
        return bounded && deadlineNanos - System.nanoTime() <= 0;
    }

    /** The shorter of what is left and {@code limit}: a wait bounded both by the caller and by the service's own limit. */
    public Duration within(Duration limit) {
        return remaining().filter(left -> left.compareTo(limit) < 0).orElse(limit);
    }

    @Override
    public String toString() {
        return remaining().map(left -> left.toMillis() + " ms left").orElse("unbounded");
    }
}
