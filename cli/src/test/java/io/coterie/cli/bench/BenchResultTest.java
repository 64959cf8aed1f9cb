package io.coterie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coterie.cli.core.Json;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    private final LoadShape shape = new LoadShape(4, 1000, 100, 1000, 0, BenchMode.write, "bench/");

    @Test
    void percentilesOfAKnownSetOfLatencies() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int ms = 1; ms <= 1000; ms++) {
            micros.recordValue(ms * 1000L);
        }

        BenchResult result = BenchResult.of("coterie", shape, micros, 0, 2_000_000_000L);

        assertThat(result.p50Ms()).isCloseTo(500.0, within(0.5));
        assertThat(result.p90Ms()).isCloseTo(900.0, within(0.5));
        assertThat(result.p99Ms()).isCloseTo(990.0, within(1.0));
        assertThat(result.p999Ms()).isCloseTo(999.0, within(1.0));
        assertThat(result.maxMs()).isCloseTo(1000.0, within(1.0));
        assertThat(result.meanMs()).isCloseTo(500.5, within(0.5));
        assertThat(result.seconds()).isEqualTo(2.0);
        assertThat(result.opsPerSecond()).isEqualTo(500.0);
    }

    @Test
    void keepsMicrosecondPrecision() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        micros.recordValue(1234);

        BenchResult result = BenchResult.of("coterie", shape, micros, 0, 1_000_000_000L);

        assertThat(result.p50Ms()).isEqualTo(1.234);
    }

    @Test
    void throughputCountsOnlySuccessfulOperations() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < 600; i++) {
            micros.recordValue(100);
        }

        BenchResult result = BenchResult.of("etcd", shape, micros, 400, 3_000_000_000L);

        assertThat(result.errors()).isEqualTo(400);
        assertThat(result.opsPerSecond()).isEqualTo(200.0);
        assertThat(result.target()).isEqualTo("etcd");
    }

    @Test
    void everythingFailingGivesZeroLatencies() {
        BenchResult result = BenchResult.of("coterie", shape, new Histogram(3_600_000_000L, 3), 1000, 1_000_000_000L);

        assertThat(result.p99Ms()).isZero();
        assertThat(result.opsPerSecond()).isZero();
    }

    @Test
    void jsonAndTableCarryTheContractsFields() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        micros.recordValue(2000);
        BenchResult result = BenchResult.of("coterie", shape, micros, 0, 1_000_000_000L);

        assertThat(Json.write(result)).contains("\"ops\":1000", "\"seconds\":1.0", "\"opsPerSecond\":1.0", "\"p50Ms\":2.0",
                "\"p99Ms\":2.0", "\"p999Ms\":2.0", "\"maxMs\":2.0", "\"errors\":0", "\"clients\":4", "\"valueSize\":100",
                "\"mode\":\"write\"", "\"target\":\"coterie\"");
        assertThat(result.table()).contains("opsPerSecond: 1.0\n", "p99Ms:        2.0\n", "target:       coterie\n");
    }

    @Test
    void keysWrapAroundTheKeySpace() {
        LoadShape three = new LoadShape(1, 10, 4, 3, 0, BenchMode.read, "k/");

        assertThat(three.key(0)).isEqualTo("k/0");
        assertThat(three.key(4)).isEqualTo("k/1");
        assertThat(new String(three.value())).isEqualTo("abcd");
    }
}
