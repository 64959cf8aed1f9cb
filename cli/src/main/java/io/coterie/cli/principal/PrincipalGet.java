package io.coterie.cli.principal;

import io.coterie.cli.core.DataCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a principal: its roles, the grants they add up to, when it was made.")
public final class PrincipalGet extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The principal.")
    String name;

    @Override
    protected void run() {
        JsonNode principal = api().get(PrincipalCommand.path(name), Map.of(), JsonNode.class);
        print(principal, () -> PrincipalFormat.details(principal));
    }
}
