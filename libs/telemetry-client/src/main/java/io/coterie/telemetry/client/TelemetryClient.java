package io.coterie.telemetry.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.coterie.clock.HlcTimestamp;
import io.coterie.clock.HybridLogicalClock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes telemetry points to Kafka (topic {@value TelemetryWire#TOPIC}) without ever making the caller wait for
 * Kafka. {@link #record} checks the point, numbers it, stamps it with the hybrid logical clock and appends it to an
 * on-disk spool; a background thread ships the spool to Kafka in record order and forgets points once Kafka has
 * acknowledged them. While Kafka is out of reach points wait in the spool (up to its limit, after which the oldest
 * are dropped and counted). See docs/telemetry.md.
 *
 * <pre>{@code
 * try (TelemetryClient telemetry = TelemetryClient.builder()
 *         .bootstrapServers("127.0.0.1:9092").producerName("agent-h1")
 *         .spoolDirectory(Path.of("/var/lib/coterie/telemetry-spool")).build()) {
 *     telemetry.record("robots/r1", "speed", 3.5, Map.of("unit", "m/s"));
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class TelemetryClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryClient.class);

    public static final long DEFAULT_SPOOL_LIMIT_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often buffered spool writes are handed to the OS, bounding what a process crash can lose. */
    static final long SPOOL_WRITE_INTERVAL_MILLIS = 100;
    private static final int PRODUCER_SUFFIX_LENGTH = 10;
    private static final char[] SUFFIX_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String producerId;
    private final HybridLogicalClock clock;
    private final Spool spool;
    private final Shipper shipper;
    private final ScheduledExecutorService spoolWriter;
    private final Duration closeTimeout;
    private final boolean temporarySpool;
    private final Object recordLock = new Object();
    private long nextSequence;
    private volatile long recorded;
    private volatile boolean closed;

    private TelemetryClient(Builder builder, String producerId) throws IOException {
        this.producerId = producerId;
        this.clock = builder.clock != null ? builder.clock : HybridLogicalClock.system();
        this.closeTimeout = builder.closeTimeout;
        this.temporarySpool = builder.spoolDirectory == null;
        Path directory = temporarySpool ? Files.createTempDirectory("coterie-telemetry-") : builder.spoolDirectory;
        this.spool = Spool.open(directory, builder.spoolLimitBytes);
        Map<String, Object> settings = ProducerSettings.of(builder.bootstrapServers, producerId, builder.kafka);
        this.shipper = new Shipper(spool, () -> new KafkaProducer<>(new HashMap<>(settings), new ByteArraySerializer(), new ByteArraySerializer()),
                String.valueOf(settings.get("bootstrap.servers")), "coterie-telemetry-shipper-" + producerId);
        this.spoolWriter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "coterie-telemetry-spool-" + producerId);
            thread.setDaemon(true);
            return thread;
        });
        spoolWriter.scheduleWithFixedDelay(this::writeSpool, SPOOL_WRITE_INTERVAL_MILLIS, SPOOL_WRITE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        shipper.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records one point. Returns once the point is in the spool; never waits for Kafka.
     *
     * @throws InvalidPointException if the point breaks a rule of the wire format (nothing is recorded)
     * @throws UncheckedIOException  if the spool cannot be written (a full disk)
     */
    public void record(String source, String metric, double value, Map<String, String> labels) {
        recordAll(List.of(new Measurement(source, metric, value, labels)));
    }

    /**
     * Records several points, numbered in list order. All or nothing: if one breaks a rule, none is recorded.
     *
     * @throws InvalidPointException naming the rule and the position of the first bad measurement
     */
    public void recordAll(List<Measurement> measurements) {
        synchronized (recordLock) {
            if (closed) {
                throw new IllegalStateException("the telemetry client " + producerId + " is closed");
            }
            List<byte[]> values = new ArrayList<>(measurements.size());
            for (int i = 0; i < measurements.size(); i++) {
                values.add(encode(measurements.get(i), nextSequence + i, measurements.size() == 1 ? -1 : i));
            }
            try {
                for (int i = 0; i < values.size(); i++) {
                    spool.append(TelemetryWire.key(measurements.get(i).source()), values.get(i));
                    nextSequence++;
                    recorded++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the telemetry spool " + spool.directory(), e);
            }
        }
        shipper.wake();
    }

    /**
     * Waits until every point recorded before this call has been acknowledged by Kafka, except any the spool had to
     * drop (see {@link TelemetryStats#dropped()}); also sends what an earlier client left in the spool.
     *
     * @return true if that happened within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        long target = spool.endIndex();
        writeSpool();
        shipper.wake();
        try {
            return spool.awaitAcked(target, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public TelemetryStats stats() {
        return spool.stats(recorded);
    }

    /** The {@code producer} field of this client's points: the producer name and a random suffix unique to this instance. */
    public String producerId() {
        return producerId;
    }

    /**
     * Flushes for at most the close timeout, then stops. Points Kafka has not acknowledged stay in the spool directory,
     * where the next client on that directory sends them (a temporary spool is deleted only when nothing is left in it).
     */
    @Override
    public void close() {
        synchronized (recordLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean flushed = flush(closeTimeout);
        try {
            shipper.stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spoolWriter.shutdown(); // not shutdownNow: the interrupt must not hit the task's file I/O
        try {
            spoolWriter.awaitTermination(10, TimeUnit.SECONDS);
            spool.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the telemetry spool " + spool.directory(), e);
        }
        long pending = spool.pending();
        if (pending == 0 && temporarySpool) {
            deleteTemporarySpool();
        } else if (pending > 0 && temporarySpool) {
            log.warn("Telemetry client {} closed with {} points Kafka has not acknowledged; they stay in the temporary spool {}, "
                    + "which no later client reads (set a spool directory to keep them across restarts)", producerId, pending, spool.directory());
        } else if (pending > 0 || !flushed) {
            log.info("Telemetry client {} closed with {} points Kafka has not acknowledged; they stay in the spool {} for the next client",
                    producerId, pending, spool.directory());
        }
    }

    /** For tests. */
    Path spoolDirectory() {
        return spool.directory();
    }

    /** For tests: how many times shipping failed and started over from the spool. */
    long shipperFailures() {
        return shipper.failures();
    }

    private byte[] encode(Measurement measurement, long sequence, int position) {
        try {
            Objects.requireNonNull(measurement, "measurement");
            checkLabels(measurement.labels());
            HlcTimestamp now = clock.now();
            return TelemetryWire.encode(new TelemetryPoint(producerId, sequence, now.wallMillis(), now.logical(),
                    measurement.source(), measurement.metric(), measurement.value(), measurement.labels()));
        } catch (InvalidPointException e) {
            throw position < 0 ? e : new InvalidPointException("measurement " + position + ": " + e.getMessage());
        }
    }

    private static void checkLabels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey() == null) {
                throw new InvalidPointException("field \"label key\" is missing");
            }
            if (label.getValue() == null) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" must be a string, not null");
            }
        }
    }

    private void writeSpool() {
        try {
            spool.writeBuffered();
        } catch (IOException e) {
            log.warn("Cannot write the telemetry spool {}: {}", spool.directory(), e.toString());
        }
    }

    private void deleteTemporarySpool() {
        try (Stream<Path> files = Files.walk(spool.directory())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.debug("Cannot delete the temporary spool {}: {}", spool.directory(), e.toString());
        }
    }

    static String newProducerId(String name) {
        StringBuilder id = new StringBuilder(name).append('.');
        for (int i = 0; i < PRODUCER_SUFFIX_LENGTH; i++) {
            id.append(SUFFIX_ALPHABET[RANDOM.nextInt(SUFFIX_ALPHABET.length)]);
        }
        return id.toString();
    }

    /** Settings of a {@link TelemetryClient}; only the bootstrap servers and the producer name are required. */
    public static final class Builder {

        private String bootstrapServers;
        private String producerName;
        private Path spoolDirectory;
        private long spoolLimitBytes = DEFAULT_SPOOL_LIMIT_BYTES;
        private HybridLogicalClock clock;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private final Map<String, Object> kafka = new LinkedHashMap<>();

        private Builder() {
        }

        /** Kafka's {@code bootstrap.servers}, such as {@code 127.0.0.1:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /**
         * What produces the points, such as {@code agent-h1} (letters, digits, {@code . _ : -}; at most
         * {@value TelemetryWire#MAX_PRODUCER_LENGTH} - {@value #PRODUCER_SUFFIX_LENGTH} - 1 characters). Each client
         * adds a random suffix: see {@link #producerId()}.
         */
        public Builder producerName(String producerName) {
            this.producerName = producerName;
            return this;
        }

        /**
         * Where points wait for Kafka. Give a directory that survives restarts to have a restarted process send what
         * the previous one could not. Default: a fresh temporary directory.
         */
        public Builder spoolDirectory(Path spoolDirectory) {
            this.spoolDirectory = spoolDirectory;
            return this;
        }

        /** Past this size the oldest spooled points are dropped (and counted). Default 256 MiB; at least 128 KiB. */
        public Builder spoolLimitBytes(long spoolLimitBytes) {
            this.spoolLimitBytes = spoolLimitBytes;
            return this;
        }

        /** The clock that stamps points. Default: {@link HybridLogicalClock#system()}. */
        public Builder clock(HybridLogicalClock clock) {
            this.clock = clock;
            return this;
        }

        /** How long {@link #close()} waits for Kafka to acknowledge what is spooled. Default 5 s. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Overrides one Kafka producer setting (such as {@code security.protocol}); see docs/telemetry.md for the defaults. */
        public Builder kafkaProperty(String name, Object value) {
            kafka.put(name, value);
            return this;
        }

        /**
         * @throws IllegalArgumentException for a missing or invalid setting
         * @throws IllegalStateException    if another client uses the spool directory
         * @throws UncheckedIOException     if the spool directory cannot be opened
         */
        public TelemetryClient build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required");
            }
            if (producerName == null || producerName.isBlank()) {
                throw new IllegalArgumentException("producerName is required");
            }
            if (spoolLimitBytes < Spool.MIN_LIMIT_BYTES) {
                throw new IllegalArgumentException("spoolLimitBytes is at least " + Spool.MIN_LIMIT_BYTES + ": " + spoolLimitBytes);
            }
            if (closeTimeout == null || closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
            }
            String producerId = newProducerId(producerName);
            try {
                TelemetryWire.check(new TelemetryPoint(producerId, 0, 0, 0, "s", "m", 0, Map.of()));
            } catch (InvalidPointException e) {
                throw new IllegalArgumentException("producerName \"" + producerName + "\" does not make a valid producer id: " + e.getMessage());
            }
            try {
                return new TelemetryClient(this, producerId);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the telemetry spool " + spoolDirectory, e);
            }
        }
    }
}
