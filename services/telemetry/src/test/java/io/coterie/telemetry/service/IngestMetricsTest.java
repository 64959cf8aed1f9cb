package io.coterie.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.http.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What ingest did shows on /actuator/prometheus: stored points, dropped replays, dead letters, and the lag. */
class IngestMetricsTest extends TelemetryServiceTest {

    @Test
    void storedReplayedAndDeadLetteredPointsAreCounted() {
        double ingested = metric("telemetry_points_ingested_total");
        double duplicates = metric("telemetry_points_duplicates_total");
        double deadLettered = metric("telemetry_points_dead_lettered_total");
        String source = uniqueSource("metrics");
        Instant now = Instant.now();
        points().sendAll(List.of(TestPoints.point("m1", 1, now, source, "speed", 1), TestPoints.point("m1", 2, now, source, "speed", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedPoints(source) == 2);
        points().sendAll(List.of(TestPoints.point("m1", 1, now, source, "speed", 1)));
        TestPoints.acked(points().sendRaw(source, "{".getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("telemetry_points_ingested_total")).isGreaterThanOrEqualTo(ingested + 2);
            assertThat(metric("telemetry_points_duplicates_total")).isGreaterThanOrEqualTo(duplicates + 1);
            assertThat(metric("telemetry_points_dead_lettered_total")).isGreaterThanOrEqualTo(deadLettered + 1);
        });
        assertThat(Http.ok(admin.get("/v1/telemetry/status")).get("ingested").asDouble()).isGreaterThanOrEqualTo(ingested + 2);
        assertThat(admin.get("/actuator/prometheus").body()).contains("telemetry_consumer_lag_records");
    }

    private double metric(String name) {
        String body = admin.get("/actuator/prometheus").body();
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(body);
        assertThat(line.find()).as(name + " in\n" + body).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
