package io.coterie.cli.telemetry;

import io.coterie.cli.core.CliException;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.SseEvent;
import io.coterie.cli.core.SseParser;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.core.Reconnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints points of a source as they are stored, until Ctrl-C.",
        footer = {"", "Lines: 'TIME SOURCE METRIC VALUE LABELS'; with -o json, each point's JSON, one per line.",
                "A live view: after a dropped connection it reconnects and goes on from the present; points stored during",
                "the gap are in 'telemetry query', never lost."})
public final class TelemetryTail extends DataCommand {

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "Whose points, such as robots/r1.")
    String source;

    @Option(names = "--metric", paramLabel = "METRIC", description = "Only this metric (default: all of the source's).")
    String metric;

    @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N points.")
    Long count;

    private long printed;

    @Override
    protected void run() throws InterruptedException {
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("source", source);
        if (metric != null) {
            query.put("metric", metric);
        }
        Reconnection reconnection = new Reconnection(err(), "tail");
        while (true) {
            InputStream stream;
            try {
                stream = api().openStream("/v1/telemetry/tail", query, Map.of("Accept", "text/event-stream"));
            } catch (CliException e) {
                reconnection.failed(e);
                continue;
            }
            reconnection.connected();
            if (follow(stream)) {
                return;
            }
            reconnection.ended("reconnecting");
        }
    }

    /** Prints the stream's points until it ends; true once {@code count} are out. */
    private boolean follow(InputStream stream) {
        SseParser parser = new SseParser();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<SseEvent> event = parser.line(line);
                if (event.isPresent() && print(event.get())) {
                    return true;
                }
            }
        } catch (IOException e) {
            // A dropped connection: the caller reconnects.
        }
        return false;
    }

    private boolean print(SseEvent event) {
        switch (event.type()) {
            case "point" -> {
                JsonNode point = Json.tree(event.data().getBytes(StandardCharsets.UTF_8));
                out().println(json() ? Json.write(point) : TelemetryLines.point(point));
                out().flush();
                printed++;
                return count != null && printed >= count;
            }
            case "lagged" -> err().println("coterie: this terminal fell behind; the service skipped points ("
                    + event.data() + "); they are stored, see 'telemetry query'");
            case "error" -> throw new CliException("the tail stream failed: " + event.data());
            default -> {
                // Keep-alives and events of newer versions.
            }
        }
        return false;
    }
}
