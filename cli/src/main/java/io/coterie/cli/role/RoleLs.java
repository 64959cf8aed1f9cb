package io.coterie.cli.role;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Paging;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "Lists the roles and their grants, following every page.")
public final class RoleLs extends DataCommand {

    @Override
    protected void run() {
        List<JsonNode> roles = Paging.all(null, Paging.IDENTITY_PAGE_SIZE, (after, size) -> Paging.ofJson(
                api().get(RoleCommand.ROLES, params("after", after, "limit", size), JsonNode.class)));
        print(roles, () -> RoleFormat.listing(roles));
    }
}
