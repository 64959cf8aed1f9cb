package io.coterie.cli.telemetry;

import io.coterie.cli.core.CliException;
import io.coterie.cli.core.CoterieCommand;
import io.coterie.cli.core.UsageException;
import io.coterie.telemetry.client.InvalidPointException;
import io.coterie.telemetry.client.TelemetryClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publishes one point to Kafka (topic coterie.telemetry) the way any producer does, and waits for the broker's acknowledgement.",
        footer = {"", "Kafka is reached directly, not through the gateway: --kafka, else env COTERIE_KAFKA, else 127.0.0.1:9092 (dev mode's broker)."})
public final class TelemetryPublish extends CoterieCommand {

    static final String KAFKA_ENV = "COTERIE_KAFKA";
    static final String DEFAULT_KAFKA = "127.0.0.1:9092";

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "Whose point, such as robots/r1.")
    String source;

    @Option(names = "--metric", required = true, paramLabel = "METRIC", description = "Which metric, such as speed.")
    String metric;

    @Option(names = "--value", required = true, paramLabel = "NUMBER", description = "The reading.")
    double value;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label of the point (repeatable, at most 16).")
    List<String> labels;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String kafka;

    @Override
    protected void run() throws Exception {
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--label must be KEY=VALUE: '" + label + "'");
            }
            labelMap.put(label.substring(0, eq), label.substring(eq + 1));
        }
        String servers = kafka != null ? kafka : context().getenv(KAFKA_ENV);
        servers = servers == null || servers.isBlank() ? DEFAULT_KAFKA : servers;
        Duration timeout = global().timeout();
        try (TelemetryClient client = TelemetryClient.builder().bootstrapServers(servers).producerName("cli")
                .closeTimeout(Duration.ofSeconds(1)).build()) {
            try {
                client.record(source, metric, value, labelMap);
            } catch (InvalidPointException e) {
                throw new UsageException(e.getMessage());
            }
            if (!client.flush(timeout)) {
                throw new CliException("Kafka at " + servers + " did not acknowledge the point within " + timeout.toSeconds()
                        + "s; is the broker running (./coterie dev starts one)?");
            }
            out().println("published " + source + " " + metric + " " + TelemetryLines.number(value) + " producer="
                    + client.producerId());
        }
    }
}
