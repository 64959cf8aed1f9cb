package io.coterie.cli.token;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.StdinSecret;
import io.coterie.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Issues a token and prints it.",
        footer = {"", "  coterie token create --login NAME --secret-stdin < secret-file   logs in as NAME (HTTP Basic)",
                "  coterie token create --principal NAME                           an admin's token asks for NAME's",
                "The secret is read from stdin only, never from an argument or the environment."})
public final class TokenCreate extends DataCommand {

    static final String TOKENS = "/v1/tokens";

    @Option(names = "--principal", paramLabel = "NAME", description = "Issue a token for this principal, asking with your (admin) token.")
    String principal;

    @Option(names = "--login", paramLabel = "NAME", description = "Log in as this principal with its secret (needs --secret-stdin).")
    String login;

    @Option(names = "--secret-stdin", description = "Read the --login secret from stdin's first line.")
    boolean secretStdin;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the token lives, e.g. 10m, 1h, 7d (60s to 30d; default 1h).")
    Duration ttl;

    @Override
    protected void run() {
        if ((principal == null) == (login == null)) {
            throw new UsageException("give --login NAME --secret-stdin (your own token) or --principal NAME (an admin asking for NAME's)");
        }
        if (login != null && !secretStdin) {
            throw new UsageException("--login reads the secret from stdin only: add --secret-stdin");
        }
        if (principal != null && secretStdin) {
            throw new UsageException("--secret-stdin goes with --login; --principal asks with your own token");
        }
        Long ttlSeconds = ttlSeconds();
        byte[] answer = login != null
                ? api().sendJson("POST", TOKENS, new TokenBody(null, ttlSeconds), Map.of("Authorization", basic(login)))
                : api().sendJson("POST", TOKENS, new TokenBody(principal, ttlSeconds));
        JsonNode token = Json.tree(answer);
        print(token, () -> Nodes.text(token, "token") + "\n");
    }

    private Long ttlSeconds() {
        if (ttl == null) {
            return null;
        }
        if (ttl.toSeconds() < 1) {
            throw new UsageException("--ttl must be at least 1s");
        }
        return ttl.toSeconds();
    }

    private String basic(String name) {
        if (name.indexOf(':') >= 0) {
            throw new UsageException("--login '" + name + "': a principal's name has no ':'");
        }
        String credentials = name + ":" + StdinSecret.read(context());
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
