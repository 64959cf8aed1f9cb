package io.coterie.cli.job;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UrlEncoding;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints a job's replicas: host, cluster-wide PID, state, exit code; and why pending ones wait.")
public final class JobStatus extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    protected void run() {
        JsonNode job = Json.tree(api().send("GET", "/v1/jobs/" + UrlEncoding.encode(name), Map.of(), null, null));
        print(job, () -> JobFormat.status(job));
    }
}
