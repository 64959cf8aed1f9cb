package io.coterie.telemetry.service.ingest;

import java.time.Duration;

/** Waits that double after each failure, up to a ceiling, and start over after a success. */
final class Backoff {

    private final Duration first;
    private final Duration ceiling;
    private Duration next;

    Backoff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
        this.next = first;
    }

    Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        return wait;
    }

    void reset() {
        next = first;
    }
}
