package io.coterie.telemetry.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.telemetry.client.TelemetryPoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Series read back against data whose answers are known: two minutes of one point every 500 ms
 * (value = its index), published through Kafka like any other. Aggregates at several steps must
 * match the same aggregation done here; raw points come back in time order with their labels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesQueryTest extends TelemetryServiceTest {

    private static final int POINTS = 240;
    private static final Duration SPACING = Duration.ofMillis(500);

    private final String source = uniqueSource("query");
    /** A whole minute, far enough back that every point is in the past and within the default hour. */
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
    private final List<TelemetryPoint> known = new ArrayList<>();

    @BeforeAll
    void publishKnownData() {
        for (int i = 0; i < POINTS; i++) {
            Map<String, String> labels = i % 2 == 0 ? Map.of("unit", "m/s") : Map.of();
            known.add(new TelemetryPoint("q-" + i % 3, i, base.plus(SPACING.multipliedBy(i)).toEpochMilli(), 0, source, "speed", i,
                    labels));
        }
        List<TelemetryPoint> all = new ArrayList<>(known);
        all.add(TestPoints.point("q-0", 10_000, base.plusSeconds(1), source, "heading", 999));
        all.add(TestPoints.point("q-0", 10_001, base.plusSeconds(1), source + "x", "speed", 999));
        points().sendAll(all);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedPoints(source) == POINTS + 1);
    }

    @Test
    void rawPointsComeInTimeOrderWithTheirLabels() {
        JsonNode answer = ok(admin.get(series("from=" + base + "&to=" + base.plus(Duration.ofMinutes(2)))));
        assertThat(answer.get("source").asString()).isEqualTo(source);
        assertThat(answer.get("metric").asString()).isEqualTo("speed");
        assertThat(answer.get("from").asString()).isEqualTo(base.toString());
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        JsonNode points = answer.get("points");
        assertThat(points).hasSize(POINTS);
        for (int i = 0; i < POINTS; i++) {
            JsonNode point = points.get(i);
            TelemetryPoint expected = known.get(i);
            assertThat(Instant.parse(point.get("t").asString())).isEqualTo(Instant.ofEpochMilli(expected.wallMillis()));
            assertThat(point.get("value").asDouble()).isEqualTo(i);
            assertThat(point.get("producer").asString()).isEqualTo(expected.producer());
            assertThat(point.get("seq").asLong()).isEqualTo(i);
            assertThat(point.get("labels").propertyNames()).containsExactlyInAnyOrderElementsOf(expected.labels().keySet());
        }
        assertThat(points.get(0).get("labels").get("unit").asString()).isEqualTo("m/s");
    }

    @Test
    void aLimitKeepsTheOldestPointsAndSaysSo() {
        JsonNode answer = ok(admin.get(series("from=" + base + "&limit=100")));
        assertThat(answer.get("truncated").asBoolean()).isTrue();
        assertThat(answer.get("points")).hasSize(100);
        assertThat(answer.get("points").get(99).get("seq").asLong()).isEqualTo(99);
        JsonNode exact = ok(admin.get(series("from=" + base + "&limit=" + POINTS)));
        assertThat(exact.get("truncated").asBoolean()).isFalse();
        assertThat(exact.get("points")).hasSize(POINTS);
    }

    @Test
    void theRangeCanBeABackwardDurationInEitherForm() {
        for (String since : List.of("PT10M", "10m", "600s", "1h")) {
            JsonNode answer = ok(admin.get(series("since=" + since)));
            assertThat(answer.get("points")).as(since).hasSize(POINTS);
            assertThat(Duration.between(Instant.parse(answer.get("from").asString()), Instant.parse(answer.get("to").asString())))
                    .as(since).isEqualTo(since.equals("1h") ? Duration.ofHours(1) : Duration.ofMinutes(10));
        }
        assertThat(ok(admin.get(series(""))).get("points")).as("the last hour by default").hasSize(POINTS);
        assertThat(ok(admin.get(series("since=1m"))).get("points")).as("all older than a minute").isEmpty();
    }

    @Test
    void aggregatesMatchTheSameAggregationOfTheKnownPoints() {
        Instant to = base.plus(Duration.ofMinutes(3));
        for (String step : List.of("1s", "PT7S", "10s", "30s", "1m", "2m", "PT5M")) {
            JsonNode answer = ok(admin.get(series("from=" + base + "&to=" + to + "&step=" + step)));
            Duration width = step.startsWith("P") ? Duration.parse(step) : Duration.parse("PT" + step.toUpperCase());
            assertThat(answer.get("step").asString()).isEqualTo(width.toString());
            Map<Instant, double[]> expected = aggregate(width);
            assertThat(Instant.parse(answer.get("from").asString())).as(step).isEqualTo(bucketOf(base, width));
            JsonNode buckets = answer.get("points");
            assertThat(buckets).as(step).hasSize(expected.size());
            int i = 0;
            for (Map.Entry<Instant, double[]> bucket : expected.entrySet()) {
                JsonNode actual = buckets.get(i++);
                double[] e = bucket.getValue();
                String what = step + " bucket " + bucket.getKey();
                assertThat(Instant.parse(actual.get("t").asString())).as(what).isEqualTo(bucket.getKey());
                assertThat(actual.get("count").asLong()).as(what).isEqualTo((long) e[0]);
                assertThat(actual.get("sum").asDouble()).as(what).isEqualTo(e[1]);
                assertThat(actual.get("min").asDouble()).as(what).isEqualTo(e[2]);
                assertThat(actual.get("max").asDouble()).as(what).isEqualTo(e[3]);
                assertThat(actual.get("avg").asDouble()).as(what).isEqualTo(e[1] / e[0]);
            }
        }
        JsonNode perSecond = ok(admin.get(series("from=" + base + "&to=" + to + "&step=1s")));
        assertThat(perSecond.get("points")).hasSize(POINTS / 2);
        assertThat(perSecond.get("points").get(3).get("count").asLong()).isEqualTo(2);
        assertThat(perSecond.get("points").get(3).get("sum").asDouble()).isEqualTo(6 + 7);
    }

    @Test
    void badParametersAre400ProblemsThatNameTheRule() {
        Map<String, String> bad = new TreeMap<>();
        bad.put("/v1/telemetry/series?metric=speed", "source is required");
        bad.put("/v1/telemetry/series?source=" + source, "metric is required");
        bad.put("/v1/telemetry/series?source=robots//r1&metric=speed", "source");
        bad.put("/v1/telemetry/series?source=/robots/r1&metric=speed", "source");
        bad.put("/v1/telemetry/series?source=robots/r1&metric=" + encode("sp eed"), "metric");
        bad.put(series("since=abc"), "since must be a duration");
        bad.put(series("since=-5m"), "since must be a duration");
        bad.put(series("since=0s"), "positive");
        bad.put(series("since=40d"), "at most 31 days");
        bad.put(series("since=P999999999D"), "at most 31 days");
        bad.put(series("since=10m&from=" + base), "not both");
        bad.put(series("to=" + base), "to needs from");
        bad.put(series("from=yesterday"), "from must be an ISO-8601 instant");
        bad.put(series("from=" + base + "&to=" + base.minusSeconds(1)), "must lie before");
        bad.put(series("from=" + base.minus(Duration.ofDays(40))), "at most 31 days");
        bad.put(series("limit=0"), "limit must be");
        bad.put(series("limit=10001"), "limit must be");
        bad.put(series("limit=many"), "limit must be");
        bad.put(series("step=1m&limit=10"), "limit applies to raw points");
        bad.put(series("step=0s"), "step");
        bad.put(series("step=500ms"), "whole number of seconds");
        bad.put(series("step=PT1.5S"), "whole number of seconds");
        bad.put(series("step=90s"), "whole minutes");
        bad.put(series("step=1s&since=7d"), "at most 10000 buckets");
        for (Map.Entry<String, String> call : bad.entrySet()) {
            JsonNode problem = problem(admin.get(call.getKey()), 400, "invalid-request");
            assertThat(problem.get("detail").asString()).as(call.getKey()).contains(call.getValue());
        }
    }

    @Test
    void theStoreDelayIsMeasuredFromEachPointsTimeToItsRow() {
        JsonNode delay = ok(admin.get("/v1/telemetry/delay?source=" + source + "&from=" + base));
        assertThat(delay.get("count").asLong()).isEqualTo(POINTS + 1);
        // Every point was stamped at least three minutes before it was published, let alone stored.
        assertThat(delay.get("p50Ms").asDouble()).isGreaterThan(Duration.ofMinutes(3).toMillis());
        assertThat(delay.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(delay.get("p50Ms").asDouble());
        assertThat(delay.get("maxMs").asDouble()).isGreaterThanOrEqualTo(delay.get("p99Ms").asDouble());

        String parent = source.substring(0, source.lastIndexOf('/') + 1);
        JsonNode underPrefix = ok(admin.get("/v1/telemetry/delay?prefix=" + parent + "&from=" + base));
        assertThat(underPrefix.get("count").asLong()).as("the sibling source counts too").isGreaterThanOrEqualTo(POINTS + 2);

        problem(admin.get("/v1/telemetry/delay?source=" + source + "&prefix=" + parent), 400, "invalid-request");
        problem(admin.get("/v1/telemetry/delay?prefix=" + source), 400, "invalid-request");
    }

    private String series(String query) {
        return "/v1/telemetry/series?source=" + source + "&metric=speed" + (query.isEmpty() ? "" : "&" + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** count, sum, min, max per bucket, buckets aligned on the epoch like the service's. */
    private Map<Instant, double[]> aggregate(Duration width) {
        Map<Instant, double[]> buckets = new TreeMap<>();
        for (TelemetryPoint point : known) {
            double[] b = buckets.computeIfAbsent(bucketOf(Instant.ofEpochMilli(point.wallMillis()), width),
                    t -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE});
            b[0]++;
            b[1] += point.value();
            b[2] = Math.min(b[2], point.value());
            b[3] = Math.max(b[3], point.value());
        }
        return buckets;
    }

    private static Instant bucketOf(Instant t, Duration width) {
        long seconds = width.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }
}
