package io.coterie.cli.role;

import io.coterie.cli.core.DataCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a role's grants.")
public final class RoleGet extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The role.")
    String name;

    @Override
    protected void run() {
        JsonNode role = api().get(RoleCommand.path(name), Map.of(), JsonNode.class);
        print(role, () -> RoleFormat.details(role));
    }
}
