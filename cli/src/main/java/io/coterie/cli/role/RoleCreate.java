package io.coterie.cli.role;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Nodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a role and prints its name.",
        footer = {"", "Grants are ACTION:PREFIX with ACTION one of read, write, admin, submit, call: read:/apps/a/ resolves",
                "names under /apps/a/, write:apps/a/ writes keys under apps/a/, admin: (empty prefix) is everything."})
public final class RoleCreate extends DataCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The role's name.")
    String name;

    @Option(names = "--grant", paramLabel = "ACTION:PREFIX", description = "A grant of the role; repeat for more (none: a role that grants nothing yet).")
    List<String> grants = new ArrayList<>();

    @Override
    protected void run() {
        grants.forEach(GrantSyntax::check);
        JsonNode created = api().postJson(RoleCommand.ROLES, new RoleBody(name, grants), JsonNode.class);
        String createdName = Nodes.text(created, "name");
        print(created, () -> (createdName != null ? createdName : name) + "\n");
    }
}
