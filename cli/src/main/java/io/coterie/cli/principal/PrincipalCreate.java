package io.coterie.cli.principal;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.StdinSecret;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates a principal and prints its generated secret, which is shown only this once.",
        footer = {"", "The secret is never an argument: let the server generate one, or give yours on stdin with",
                "--secret-stdin (at least 16 characters), e.g. coterie principal create ci --secret-stdin < ci.secret"})
public final class PrincipalCreate extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The principal's name: [a-z0-9][a-z0-9._-]{0,62}.")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", description = "A role the principal holds; repeat for more.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--secret-stdin", description = "Read the secret from stdin's first line instead of having one generated.")
    boolean secretStdin;

    @Override
    protected void run() {
        String secret = secretStdin ? StdinSecret.read(context()) : null;
        JsonNode created = api().postJson(PrincipalCommand.PRINCIPALS, new PrincipalBody(name, roles, secret), JsonNode.class);
        String generated = secretStdin ? null : Nodes.text(created, "secret");
        if (generated != null) {
            err().println("coterie: the secret of " + name + " is shown only this once; keep it now");
        }
        print(created, () -> (generated != null ? generated : name) + "\n");
    }
}
