package io.coterie.telemetry.service.status;

import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.telemetry.service.ingest.StoredOffsets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Measures lag as the database sees it: the topic's end offsets (committed records only) minus the
 * offsets stored with the points, over every partition, whichever instance reads it. The gauge
 * {@code telemetry.consumer.lag} shows the last measurement (taken every {@value #GAUGE_SECONDS} s;
 * NaN while the broker does not answer).
 */
@Component
public class LagMonitor implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);
    static final long GAUGE_SECONDS = 10;
    private static final int BROKER_TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final StoredOffsets storedOffsets;
    private volatile double lastLag = Double.NaN;
    private ScheduledExecutorService schedule;

    LagMonitor(Admin admin, StoredOffsets storedOffsets, MeterRegistry registry) {
        this.admin = admin;
        this.storedOffsets = storedOffsets;
        Gauge.builder("telemetry.consumer.lag", this, monitor -> monitor.lastLag)
                .description("Records on the telemetry topic not yet stored in the database").baseUnit("records")
                .register(registry);
    }

    TopicProgress measure() {
        Map<Integer, Long> stored = storedOffsets.read(TelemetryWire.TOPIC);
        try {
            TopicDescription topic = admin.describeTopics(List.of(TelemetryWire.TOPIC)).topicNameValues().get(TelemetryWire.TOPIC)
                    .get(BROKER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<TopicPartition> partitions = topic.partitions().stream()
                    .map(p -> new TopicPartition(TelemetryWire.TOPIC, p.partition())).toList();
            Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
            List<TopicProgress.Partition> progress = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long start = earliest.get(partition);
                long next = stored.getOrDefault(partition.partition(), start);
                long end = latest.get(partition);
                // Records Kafka already deleted cannot be read, so they are no lag.
                progress.add(new TopicProgress.Partition(partition.partition(), next, end, Math.max(0, end - Math.max(next, start))));
            }
            progress.sort(Comparator.comparingInt(TopicProgress.Partition::partition));
            return new TopicProgress(true, progress);
        } catch (ExecutionException | TimeoutException e) {
            return storedOnly(stored);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return storedOnly(stored);
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(BROKER_TIMEOUT_MS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
                admin.listOffsets(request, options).all().get(BROKER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static TopicProgress storedOnly(Map<Integer, Long> stored) {
        List<TopicProgress.Partition> progress = new ArrayList<>();
        stored.forEach((partition, next) -> progress.add(new TopicProgress.Partition(partition, next, null, null)));
        progress.sort(Comparator.comparingInt(TopicProgress.Partition::partition));
        return new TopicProgress(false, progress);
    }

    private void refreshGauge() {
        try {
            Long lag = measure().totalLag();
            lastLag = lag == null ? Double.NaN : lag;
        } catch (RuntimeException e) {
            lastLag = Double.NaN;
            LOG.debug("Cannot measure the lag: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "telemetry-lag");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::refreshGauge, 0, GAUGE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }
}
