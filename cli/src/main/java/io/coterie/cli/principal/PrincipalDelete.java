package io.coterie.cli.principal;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "delete", aliases = "del", mixinStandardHelpOptions = true,
        description = "Deletes a principal (root cannot be deleted); its tokens stop working when they expire.")
public final class PrincipalDelete extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The principal.")
    String name;

    @Override
    protected void run() {
        JsonNode answer = Json.tree(api().send("DELETE", PrincipalCommand.path(name), Map.of(), null, null));
        if (answer.isEmpty() && answer instanceof ObjectNode said) {
            // The server had nothing to say (204): say what happened, so -o json still prints one document.
            said.put("name", name).put("deleted", true);
        }
        print(answer, () -> "deleted principal " + name + "\n");
    }
}
