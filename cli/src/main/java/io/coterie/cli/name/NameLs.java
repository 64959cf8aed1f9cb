package io.coterie.cli.name;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Paging;
import io.coterie.cli.core.Paging.Page;
import io.coterie.cli.core.UsageException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "Lists the entries under a prefix, following every page.")
public final class NameLs extends DataCommand {

    /** Pages are "like /v1/kv pages": at most 1,000 entries each. */
    static final int MAX_PAGE_SIZE = 1000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "/",
            description = "List names starting with this, such as /apps/ (default: / , every name).")
    String prefix = "/";

    @Option(names = "--children", description = "Only the direct children of PREFIX, not everything below it.")
    boolean children;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N entries (default: all of them).")
    Integer limit;

    @Override
    protected void run() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1");
        }
        NamePaths.checkPrefix(prefix);
        List<JsonNode> entries = Paging.all(limit, MAX_PAGE_SIZE, this::page);
        print(entries, () -> NameFormat.listing(entries));
    }

    private Page<JsonNode> page(String after, int size) {
        JsonNode page = api().get(NamePaths.NAMES, params("prefix", prefix, "children", children ? true : null,
                "after", after, "limit", size), JsonNode.class);
        return Paging.ofJson(page);
    }
}
