package io.coterie.telemetry.service.status;

import io.coterie.telemetry.service.DatabaseCalls;
import io.coterie.telemetry.service.ingest.Ingest;
import io.coterie.telemetry.service.ingest.IngestCounters;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How ingest is doing. Any valid token may ask: the answer holds offsets and counts, nothing of any
 * source. Lag covers the whole topic (all instances); the counters are this instance's since it started.
 */
@RestController
class StatusController {

    record Status(Long lag, List<TopicProgress.Partition> partitions, long ingested, long duplicates, long deadLettered,
                  String consumer, boolean brokerReachable) {
    }

    private final LagMonitor lag;
    private final IngestCounters counters;
    private final Ingest ingest;

    StatusController(LagMonitor lag, IngestCounters counters, Ingest ingest) {
        this.lag = lag;
        this.counters = counters;
        this.ingest = ingest;
    }

    @GetMapping("/v1/telemetry/status")
    Status status() {
        TopicProgress progress = DatabaseCalls.answer(lag::measure);
        return new Status(progress.totalLag(), progress.partitions(), counters.ingested(), counters.duplicates(),
                counters.deadLettered(), ingest.state().toLowerCase(Locale.ROOT), progress.brokerReachable());
    }
}
