package io.coterie.cli.host;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import java.util.Map;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the hosts: capacity, what is allocated on them, up or down (JSON: an array of hosts).")
public final class HostLs extends DataCommand {

    private static final double MIB = 1024.0 * 1024.0;

    @Override
    protected void run() {
        JsonNode hosts = Json.tree(api().send("GET", "/v1/hosts", Map.of(), null, null));
        print(hosts, () -> {
            TextTable table = new TextTable("ID", "STATUS", "CPUS", "ALLOCATED", "MEMORY", "ALLOCATED", "LABELS");
            hosts.forEach(h -> table.row(h.path("id").asString(), h.path("status").asString(), h.path("cpus").asDouble(),
                    h.path("allocatedCpus").asDouble(), mib(h.path("memoryBytes").asLong()), mib(h.path("allocatedMemoryBytes").asLong()),
                    labels(h.path("labels"))));
            return table.render();
        });
    }

    private static String mib(long bytes) {
        return Math.round(bytes / MIB) + "Mi";
    }

    private static String labels(JsonNode labels) {
        if (!labels.isObject() || labels.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        labels.properties().forEach(e -> text.append(text.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asString()));
        return text.toString();
    }
}
