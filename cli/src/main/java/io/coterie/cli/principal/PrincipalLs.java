package io.coterie.cli.principal;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Paging;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "Lists the principals and their roles, following every page.")
public final class PrincipalLs extends DataCommand {

    @Override
    protected void run() {
        List<JsonNode> principals = Paging.all(null, Paging.IDENTITY_PAGE_SIZE, (after, size) -> Paging.ofJson(
                api().get(PrincipalCommand.PRINCIPALS, params("after", after, "limit", size), JsonNode.class)));
        print(principals, () -> PrincipalFormat.listing(principals));
    }
}
