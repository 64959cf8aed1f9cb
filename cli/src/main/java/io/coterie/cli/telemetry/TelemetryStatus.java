package io.coterie.cli.telemetry;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import java.util.Map;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the telemetry consumer's progress: points ingested, replays dropped, records dead-lettered, and lag per partition.")
public final class TelemetryStatus extends DataCommand {

    @Override
    protected void run() {
        JsonNode status = Json.tree(api().send("GET", "/v1/telemetry/status", Map.of(), null, null));
        print(status, () -> {
            String head = TextTable.fields("ingested", status.path("ingested").asLong(), "duplicates", status.path("duplicates").asLong(),
                    "deadLettered", status.path("deadLettered").asLong(), "lag", status.path("lag").asLong());
            TextTable table = new TextTable("PARTITION", "NEXT", "END", "LAG");
            status.path("partitions").forEach(p -> table.row(p.path("partition").asInt(), p.path("nextOffset").asLong(),
                    p.path("endOffset").asLong(), p.path("lag").asLong()));
            return head + "\n" + table.render();
        });
    }
}
