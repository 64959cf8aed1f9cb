package io.coterie.cli.job;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import java.util.Map;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists the jobs you may read.")
public final class JobLs extends DataCommand {

    @Override
    protected void run() {
        JsonNode jobs = Json.tree(api().send("GET", "/v1/jobs", Map.of(), null, null));
        print(jobs, () -> {
            TextTable table = new TextTable("NAME", "DESIRED", "REPLICAS", "RUNNING");
            JsonNode list = jobs.isArray() ? jobs : jobs.path("jobs");
            list.forEach(j -> table.row(j.path("name").asString(), j.path("desired").asString(), j.path("replicas").asInt(),
                    j.path("running").asInt()));
            return table.render();
        });
    }
}
