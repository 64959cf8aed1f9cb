package io.coterie.cli.job;

import io.coterie.cli.core.CoterieCommand;
import io.coterie.cli.core.UrlEncoding;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops a job: its agents send SIGTERM, then SIGKILL after the grace period, and remove its cgroups.")
public final class JobStop extends CoterieCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    protected void run() {
        api().send("DELETE", "/v1/jobs/" + UrlEncoding.encode(name), Map.of(), null, null);
        out().println("stopping " + name);
    }
}
