package io.coterie.cli.session;

import io.coterie.cli.core.Json;
import io.coterie.cli.core.KeepaliveCommand;
import io.coterie.cli.core.Nodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "keepalive", mixinStandardHelpOptions = true,
        description = "Renews a session over and over until Ctrl-C (or once, with --once); one line per renewal.")
public final class SessionKeepalive extends KeepaliveCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The session.")
    String id;

    @Override
    protected long renew() {
        JsonNode session = api().postJson(SessionCommand.path(id) + "/keepalive", null, JsonNode.class);
        Long ttl = Nodes.number(session, "ttlSeconds");
        printLine(json() ? Json.write(session) : "renewed session " + id + (ttl == null ? "" : " for " + ttl + "s"));
        return ttl == null ? 0 : ttl;
    }
}
