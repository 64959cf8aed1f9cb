package io.coterie.telemetry.service.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** What this instance did with the records it read since it started, as metrics and for the status call. */
@Component
public class IngestCounters {

    private final Counter ingested;
    private final Counter duplicates;
    private final Counter deadLettered;

    IngestCounters(MeterRegistry registry) {
        ingested = Counter.builder("telemetry.points.ingested").description("Points stored").register(registry);
        duplicates = Counter.builder("telemetry.points.duplicates")
                .description("Valid points not stored because the same point (producer, seq, ts) was stored before")
                .register(registry);
        deadLettered = Counter.builder("telemetry.points.dead.lettered")
                .description("Records sent to the dead-letter topic (again, when a failed batch is retried)").register(registry);
    }

    void stored(int inserted, int duplicate, int rejected) {
        ingested.increment(inserted);
        duplicates.increment(duplicate);
        deadLettered.increment(rejected);
    }

    public long ingested() {
        return (long) ingested.count();
    }

    public long duplicates() {
        return (long) duplicates.count();
    }

    public long deadLettered() {
        return (long) deadLettered.count();
    }
}
