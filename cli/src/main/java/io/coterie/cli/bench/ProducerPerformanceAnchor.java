package io.coterie.cli.bench;

import io.coterie.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka's own producer benchmark ({@code org.apache.kafka.tools.ProducerPerformance}) run against
 * the same broker in the same run: the raw rate that telemetry's end-to-end rate is a fraction of.
 * It runs as its own JVM (it ends with System.exit) on a scratch topic deleted afterwards.
 */
final class ProducerPerformanceAnchor {

    /** Its summary line: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P ms 50th, ...". */
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    record Result(long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs, double p99LatencyMs) {
    }

    private ProducerPerformanceAnchor() {
    }

    static Result run(String bootstrapServers, long records, int recordSize, int partitions) throws InterruptedException {
        String topic = "coterie.bench.anchor." + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", "15000"))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return runTool(bootstrapServers, topic, records, recordSize);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CliException("the anchor could not use Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private static Result runTool(String bootstrapServers, String topic, long records, int recordSize) throws InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-cp", ownJar().toString(), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = process.waitFor();
            return parse(output).orElseThrow(() -> new CliException("ProducerPerformance exited with " + exit
                    + " and no summary; its last output: " + lastLine(output)));
        } catch (IOException e) {
            throw new CliException("cannot start ProducerPerformance: " + e.getMessage(), e);
        }
    }

    static Optional<Result> parse(String output) {
        Result last = null;
        Matcher matcher = SUMMARY.matcher(output);
        while (matcher.find()) {
            last = new Result(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)), Double.parseDouble(matcher.group(8)));
        }
        return Optional.ofNullable(last);
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(none)" : lines.get(lines.size() - 1);
    }

    private static Path ownJar() {
        try {
            return Path.of(ProducerPerformanceAnchor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
