package io.coterie.telemetry.service;

import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.testsupport.http.Http;
import io.coterie.testsupport.http.SseStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Live tails: one {@code point} event per point committed, only the source (and metric) asked for, never a replay twice. */
class TailTest extends TelemetryServiceTest {

    @Test
    void aTailGetsEachNewPointOfItsSourceOnceItIsStored() {
        String source = uniqueSource("tail");
        Instant now = Instant.now();
        try (SseStream all = SseStream.open(as("read:/tail/"), "/v1/telemetry/tail?source=" + source, null);
             SseStream speed = SseStream.open(admin, "/v1/telemetry/tail?source=" + source + "&metric=speed", null)) {
            TelemetryPoint first = new TelemetryPoint("t1", 1, now.toEpochMilli(), 3, source, "speed", 1.5, Map.of("unit", "m/s"));
            points().sendAll(List.of(first,
                    TestPoints.point("t1", 2, now, source, "heading", 90),
                    TestPoints.point("t1", 3, now, source + "-other", "speed", 7),
                    TestPoints.point("t1", 4, now.plusMillis(1), source, "speed", 2.5)));
            await().atMost(Duration.ofSeconds(30)).until(() -> pointsOf(all).size() == 3 && pointsOf(speed).size() == 2);

            JsonNode shown = pointsOf(all).get(0);
            assertThat(Instant.parse(shown.get("t").asString())).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(shown.get("source").asString()).isEqualTo(source);
            assertThat(shown.get("metric").asString()).isEqualTo("speed");
            assertThat(shown.get("value").asDouble()).isEqualTo(1.5);
            assertThat(shown.get("producer").asString()).isEqualTo("t1");
            assertThat(shown.get("seq").asLong()).isEqualTo(1);
            assertThat(shown.get("labels").get("unit").asString()).isEqualTo("m/s");
            assertThat(pointsOf(all)).extracting(p -> p.get("seq").asLong()).containsExactly(1L, 2L, 4L);
            assertThat(pointsOf(speed)).extracting(p -> p.get("seq").asLong()).containsExactly(1L, 4L);

            // A replay of a stored point is not stored again, so it is not shown again either.
            points().sendAll(List.of(first, TestPoints.point("t1", 5, now.plusMillis(2), source, "speed", 3.5)));
            await().atMost(Duration.ofSeconds(30)).until(() -> pointsOf(all).size() >= 4);
            assertThat(pointsOf(all)).extracting(p -> p.get("seq").asLong()).containsExactly(1L, 2L, 4L, 5L);
            await().atMost(Duration.ofSeconds(10)).until(() -> all.comments.contains("keep-alive"));
        }
    }

    @Test
    void aTailEndsWithAnErrorEventWhenItsTokenExpires() {
        String source = uniqueSource("tail");
        String shortLived = tokens().token("tester", List.of("read:/tail/"), Duration.ofSeconds(2));
        try (SseStream tail = SseStream.open(admin.as(shortLived), "/v1/telemetry/tail?source=" + source, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> tail.messages.stream().anyMatch(m -> "error".equals(m.event())));
            SseStream.Message error = tail.messages.stream().filter(m -> "error".equals(m.event())).findFirst().orElseThrow();
            assertThat(error.data()).contains("https://coterie.dev/problems/unauthorized").contains("expired");
        }
    }

    @Test
    void badTailsAreRefusedBeforeTheStreamStarts() {
        problem(admin.get("/v1/telemetry/tail"), 400, "invalid-request");
        problem(admin.get("/v1/telemetry/tail?source=a//b"), 400, "invalid-request");
        problem(admin.get("/v1/telemetry/tail?source=a/b&metric=%20"), 400, "invalid-request");
        problem(as("read:/elsewhere/").get("/v1/telemetry/tail?source=a/b"), 403, "forbidden");
    }

    private static List<JsonNode> pointsOf(SseStream stream) {
        return stream.messages.stream().filter(m -> "point".equals(m.event())).map(m -> Http.JSON.readTree(m.data())).toList();
    }
}
