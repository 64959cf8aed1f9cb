package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.telemetry.service.TelemetrySettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads the telemetry topic and stores it. Exactly once, because the
 * database decides where reading resumes: each batch's points and the offsets after it commit in
 * one transaction, and whenever this instance is handed a partition, or a batch fails, it seeks
 * to the offsets the database holds. A batch that was not committed is read again; one that was
 * is never read again by anyone who trusts the database. Records that cannot be stored go to the
 * dead-letter topic before the transaction that moves past them.
 *
 * <p>Every field but the volatile ones belongs to this thread (the Kafka consumer is not thread-safe).
 */
final class IngestLoop implements Runnable {

    enum State { STARTING, RUNNING, RETRYING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final TelemetrySettings settings;
    private final Admin admin;
    private final PointCheck check;
    private final PointWriter writer;
    private final StoredOffsets storedOffsets;
    private final IngestCounters counters;
    private final CommittedPoints listeners;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    /** Assigned partitions that stay paused until they are positioned at the database's offsets. */
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private long retryAtNanos;
    private KafkaConsumer<byte[], byte[]> consumer;

    private volatile KafkaConsumer<byte[], byte[]> wakeable;
    private volatile State state = State.STARTING;
    private volatile String lastFailure;
    private volatile List<Integer> assigned = List.of();

    IngestLoop(TelemetrySettings settings, Admin admin, PointWriter writer, StoredOffsets storedOffsets,
               IngestCounters counters, CommittedPoints listeners, Clock clock) {
        this.settings = settings;
        this.admin = admin;
        this.check = new PointCheck(settings.retention(), settings.maxFutureSkew());
        this.writer = writer;
        this.storedOffsets = storedOffsets;
        this.counters = counters;
        this.listeners = listeners;
        this.clock = clock;
    }

    State state() {
        return state;
    }

    String lastFailure() {
        return lastFailure;
    }

    List<Integer> assignedPartitions() {
        return assigned;
    }

    void stop() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> current = wakeable;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            if (!createTopics()) {
                return;
            }
            KafkaProducer<byte[], byte[]> deadLetterProducer = KafkaClients.deadLetterProducer(settings);
            try {
                KafkaConsumer<byte[], byte[]> kafka = KafkaClients.consumer(settings);
                try {
                    consumer = kafka;
                    wakeable = kafka;
                    if (stopping.getCount() == 0) {
                        return; // stop() ran before the consumer could be woken
                    }
                    consume(kafka, new DeadLetters(deadLetterProducer));
                } finally {
                    // Bounded, so that shutdown does not wait on a broker that is away; nothing is committed here anyway.
                    kafka.close(CloseOptions.timeout(CLOSE_WAIT));
                }
            } finally {
                deadLetterProducer.close(CLOSE_WAIT);
            }
        } catch (WakeupException e) {
            // stop() woke the consumer: leave.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            lastFailure = "ingest stopped: " + e;
            LOG.error("Ingest stopped", e);
            throw e;
        } finally {
            state = State.STOPPED;
        }
    }

    private void consume(KafkaConsumer<byte[], byte[]> kafka, DeadLetters deadLetters) {
        kafka.subscribe(List.of(TelemetryWire.TOPIC), new Positioning());
        state = State.RUNNING;
        LOG.info("Ingesting {} as group {} (batches of at most {})", TelemetryWire.TOPIC, settings.consumerGroup(),
                settings.maxBatch());
        while (stopping.getCount() > 0) {
            positionIfDue();
            ConsumerRecords<byte[], byte[]> records = kafka.poll(pollTimeout());
            if (!records.isEmpty()) {
                ingest(records, deadLetters);
            }
        }
    }

    private boolean createTopics() throws InterruptedException {
        while (stopping.getCount() > 0) {
            try {
                TopicSetup.ensure(admin, settings);
                backoff.reset();
                return true;
            } catch (Exception e) {
                Duration wait = backoff.next();
                lastFailure = "cannot check the topics on " + settings.kafka().bootstrapServers() + ": " + e.getMessage();
                LOG.warn("{}; trying again in {} ms", lastFailure, wait.toMillis());
                stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return false;
    }

    private void ingest(ConsumerRecords<byte[], byte[]> records, DeadLetters deadLetters) {
        Instant now = clock.instant();
        IngestBatch batch = IngestBatch.sort(records, check, now, consumer::position);
        PointWriter.Written written;
        try {
            deadLetters.send(batch.rejected());
            written = writer.write(batch.points(), batch.nextOffsets(), listeners.listening());
        } catch (SQLException | RuntimeException e) {
            failed("cannot store a batch of " + records.count() + " records", e);
            return;
        }
        backoff.reset();
        state = State.RUNNING;
        counters.stored(written.inserted(), batch.points().size() - written.inserted(), batch.rejected().size());
        listeners.committed(written.points());
        // Only for tools that read lag from the group's committed offsets; where ingest resumes is the database's call.
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        batch.nextOffsets().forEach((partition, next) -> commit.put(partition, new OffsetAndMetadata(next)));
        consumer.commitAsync(commit, (offsets, e) -> {
            if (e != null) {
                LOG.debug("Kafka did not take the committed offsets (the database has them): {}", e.getMessage());
            }
        });
    }

    /** Stops reading every assigned partition until the database's offsets can be read and sought to again. */
    private void failed(String what, Exception e) {
        Set<TopicPartition> assignment = consumer.assignment();
        unpositioned.addAll(assignment);
        consumer.pause(assignment);
        Duration wait = backoff.next();
        retryAtNanos = System.nanoTime() + wait.toNanos();
        state = State.RETRYING;
        lastFailure = what + ": " + e.getMessage();
        LOG.warn("{}; nothing advances, retrying from the stored offsets in {} ms", lastFailure, wait.toMillis());
    }

    private void positionIfDue() {
        if (unpositioned.isEmpty() || System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        Map<Integer, Long> stored;
        try {
            stored = storedOffsets.read(TelemetryWire.TOPIC);
        } catch (RuntimeException e) {
            failed("cannot read the stored offsets", e);
            return;
        }
        List<TopicPartition> neverStored = new ArrayList<>();
        for (TopicPartition partition : unpositioned) {
            Long next = stored.get(partition.partition());
            if (next == null) {
                neverStored.add(partition);
            } else {
                consumer.seek(partition, next);
            }
        }
        if (!neverStored.isEmpty()) {
            consumer.seekToBeginning(neverStored);
        }
        consumer.resume(unpositioned);
        LOG.info("Reading partitions {} from the stored offsets {}", numbers(unpositioned), stored);
        unpositioned.clear();
        if (state == State.RETRYING) {
            state = State.RUNNING;
        }
    }

    private Duration pollTimeout() {
        if (unpositioned.isEmpty()) {
            return POLL;
        }
        long untilRetry = retryAtNanos - System.nanoTime();
        return untilRetry <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(untilRetry, POLL.toNanos()));
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    /** Runs inside poll: a partition handed to this instance is read from the database's offset, never Kafka's. */
    private final class Positioning implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            retryAtNanos = System.nanoTime();
            assigned = numbers(consumer.assignment());
            positionIfDue();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
            assigned = numbers(consumer.assignment().stream().filter(p -> !partitions.contains(p)).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
