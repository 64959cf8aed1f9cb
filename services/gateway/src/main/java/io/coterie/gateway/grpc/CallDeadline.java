package io.coterie.gateway.grpc;

import io.grpc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * When a gRPC call must be answered: the caller's gRPC deadline, or 10 s from now without one, and
 * never more than 300 s from now (the limits of {@code Coterie-Timeout}, docs/rpc.md, Calling).
 */
final class CallDeadline {

    static final Duration DEFAULT = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofSeconds(300);

    private CallDeadline() {
    }

    static Instant of(Deadline deadline, Instant now) {
        if (deadline == null) {
            return now.plus(DEFAULT);
        }
        Duration remaining = Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
        return now.plus(remaining.compareTo(MAX) > 0 ? MAX : remaining);
    }
}
