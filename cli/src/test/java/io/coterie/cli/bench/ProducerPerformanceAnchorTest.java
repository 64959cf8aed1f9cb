package io.coterie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProducerPerformanceAnchorTest {

    @Test
    void readsTheFinalSummaryNotTheWindowedLines() {
        String output = """
                512311 records sent, 102462.2 records/sec (9.77 MB/sec), 120.5 ms avg latency, 410.0 ms max latency.
                1000000 records sent, 187441.405811 records/sec (17.88 MB/sec), 95.21 ms avg latency, 410.00 ms max latency, 80 ms 50th, 210 ms 95th, 301 ms 99th, 398 ms 99.9th.
                """;

        ProducerPerformanceAnchor.Result result = ProducerPerformanceAnchor.parse(output).orElseThrow();

        assertThat(result.records()).isEqualTo(1_000_000);
        assertThat(result.recordsPerSecond()).isEqualTo(187441.405811);
        assertThat(result.megabytesPerSecond()).isEqualTo(17.88);
        assertThat(result.p99LatencyMs()).isEqualTo(301);
    }

    @Test
    void noSummaryIsNoResult() {
        assertThat(ProducerPerformanceAnchor.parse("Exception in thread main: broker unreachable")).isEmpty();
    }
}
