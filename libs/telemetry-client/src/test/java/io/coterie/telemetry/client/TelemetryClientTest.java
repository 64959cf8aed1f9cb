package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.coterie.clock.HybridLogicalClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client does before Kafka is involved: no broker listens on its port. */
class TelemetryClientTest {

    @TempDir
    Path dir;

    @Test
    void recordedPointsAreSpooledNumberedAndStamped() throws Exception {
        HybridLogicalClock frozen = new HybridLogicalClock(() -> 1_000L, Duration.ofMinutes(1));
        String producer;
        try (TelemetryClient client = client().clock(frozen).build()) {
            producer = client.producerId();
            client.record("robots/r1", "speed", 3.5, Map.of("unit", "m/s"));
            client.recordAll(List.of(new Measurement("robots/r2", "speed", 1), new Measurement("robots/r1", "battery", 0.9)));

            assertThat(client.stats().recorded()).isEqualTo(3);
            assertThat(client.stats().pending()).isEqualTo(3);
            assertThat(client.stats().delivered()).isZero();
        }

        List<TelemetryPoint> spooled = spooled();
        assertThat(spooled).extracting(TelemetryPoint::producer).containsOnly(producer);
        assertThat(spooled).extracting(TelemetryPoint::sequence).containsExactly(0L, 1L, 2L);
        assertThat(spooled).extracting(TelemetryPoint::source).containsExactly("robots/r1", "robots/r2", "robots/r1");
        // The wall clock stands still; the logical counter still orders the points.
        assertThat(spooled).extracting(TelemetryPoint::wallMillis).containsOnly(1_000L);
        assertThat(spooled).extracting(TelemetryPoint::logical).containsExactly(0, 1, 2);
        assertThat(spooled.get(0).labels()).isEqualTo(Map.of("unit", "m/s"));
    }

    @Test
    void aBadPointIsRefusedAtOnceAndUsesNoSequenceNumber() throws Exception {
        try (TelemetryClient client = client().build()) {
            assertThatThrownBy(() -> client.record("robots r1", "speed", 1, Map.of()))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("field \"source\" must match");
            assertThatThrownBy(() -> client.record("robots/r1", "speed", Double.NaN, Map.of()))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("finite");
            assertThatThrownBy(() -> client.record(null, "speed", 1, Map.of()))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("field \"source\" is missing");
            Map<String, String> nullValue = new HashMap<>();
            nullValue.put("unit", null);
            assertThatThrownBy(() -> client.record("robots/r1", "speed", 1, nullValue))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("label \"unit\"");
            client.record("robots/r1", "speed", 1, null);

            assertThat(client.stats().recorded()).isEqualTo(1);
        }
        assertThat(spooled()).extracting(TelemetryPoint::sequence).containsExactly(0L);
    }

    @Test
    void aBatchWithOneBadPointRecordsNothing() throws Exception {
        try (TelemetryClient client = client().build()) {
            List<Measurement> batch = new ArrayList<>();
            batch.add(new Measurement("robots/r1", "speed", 1));
            batch.add(new Measurement("robots/r1", "sp eed", 2));
            batch.add(new Measurement("robots/r1", "speed", 3));

            assertThatThrownBy(() -> client.recordAll(batch))
                    .isInstanceOf(InvalidPointException.class).hasMessageContaining("measurement 1: field \"metric\" must match");
            assertThat(client.stats().recorded()).isZero();
        }
        assertThat(spooled()).isEmpty();
    }

    @Test
    void eachClientHasItsOwnProducerId() {
        try (TelemetryClient one = client().build(); TelemetryClient two = client().spoolDirectory(dir.resolve("two")).build()) {
            assertThat(one.producerId()).matches("agent-h1\\.[0-9a-z]{10}");
            assertThat(two.producerId()).startsWith("agent-h1.").isNotEqualTo(one.producerId());
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> TelemetryClient.builder().producerName("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> client().producerName(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("producerName");
        assertThatThrownBy(() -> client().producerName("agent h1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field \"producer\" must match");
        assertThatThrownBy(() -> client().producerName("p".repeat(118)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 128");
        assertThatThrownBy(() -> client().spoolLimitBytes(1000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spoolLimitBytes");
    }

    @Test
    void oneClientPerSpoolDirectory() {
        try (TelemetryClient client = client().build()) {
            assertThatThrownBy(() -> client().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void aClosedClientRefusesPointsAndATemporarySpoolWithNothingLeftIsDeleted() {
        TelemetryClient temporary = TelemetryClient.builder().bootstrapServers("127.0.0.1:1").producerName("t").build();
        temporary.close();
        temporary.close();

        assertThat(temporary.spoolDirectory()).doesNotExist();
        assertThatThrownBy(() -> temporary.record("a", "b", 1, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    private TelemetryClient.Builder client() {
        return TelemetryClient.builder()
                .bootstrapServers("127.0.0.1:" + unusedPort())
                .producerName("agent-h1")
                .spoolDirectory(dir)
                .closeTimeout(Duration.ZERO);
    }

    private static int unusedPort() {
        try {
            return KafkaFixture.freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TelemetryPoint> spooled() throws IOException {
        List<TelemetryPoint> points = new ArrayList<>();
        try (Spool spool = Spool.open(dir, TelemetryClient.DEFAULT_SPOOL_LIMIT_BYTES)) {
            SpoolCursor cursor = spool.cursorAtAcked();
            for (SpoolBatch batch = spool.read(cursor); !batch.isEmpty(); batch = spool.read(cursor)) {
                batch.points().forEach(point -> points.add(TelemetryWire.decode(point.value())));
                cursor = batch.next();
            }
        }
        return points;
    }
}
