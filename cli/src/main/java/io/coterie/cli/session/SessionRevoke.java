package io.coterie.cli.session;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Ends a session, unbinding its ephemeral names; prints how many went (when the server says).")
public final class SessionRevoke extends DataCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The session.")
    String id;

    @Override
    protected void run() {
        JsonNode answer = Json.tree(api().send("DELETE", SessionCommand.path(id), Map.of(), null, null));
        String deleted = Nodes.text(answer, "deleted");
        print(answer, () -> deleted == null ? "" : deleted + "\n");
    }
}
