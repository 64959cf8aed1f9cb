package io.coterie.cli.session;

import io.coterie.api.kv.LeaseGrantBody;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Nodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "grant", mixinStandardHelpOptions = true, description = "Grants a session and prints its id.")
public final class SessionGrant extends DataCommand {

    @Parameters(index = "0", paramLabel = "TTL_SECONDS", description = "Seconds the session lives without a keepalive.")
    long ttlSeconds;

    @Override
    protected void run() {
        // A session is a lease of the store: the same {"ttlSeconds"} body.
        JsonNode session = api().postJson(SessionCommand.SESSIONS, new LeaseGrantBody(ttlSeconds), JsonNode.class);
        print(session, () -> Nodes.text(session, "id") + "\n");
    }
}
