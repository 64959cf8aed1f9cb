package io.coterie.cli.name;

import io.coterie.cli.core.CliException;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.UsageException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Shows what a name is bound to, following links (exit 1 when the name is unbound).")
public final class NameResolve extends DataCommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "The name, an absolute path such as /apps/web.")
    String path;

    @Option(names = "--no-follow", description = "Show a link itself instead of what it points to.")
    boolean noFollow;

    @Option(names = "--linearizable", description = "Read through the store instead of the naming service's cache (up to 2 s behind).")
    boolean linearizable;

    @Option(names = "--content", description = "Print a file entry's content, its raw bytes, instead of a summary.")
    boolean content;

    @Override
    protected void run() {
        if (content && json()) {
            throw new UsageException("--content prints raw bytes; it cannot be combined with -o json");
        }
        String url = NamePaths.of(path);
        Map<String, Object> query = params("follow", noFollow ? false : null, "consistency", linearizable ? "linearizable" : null);
        JsonNode entry = api().get(url, query, JsonNode.class);
        if (!content) {
            print(entry, () -> NameFormat.details(entry));
            return;
        }
        if (!"file".equals(Nodes.text(entry, "kind"))) {
            throw new CliException(path + " is a " + Nodes.text(entry, "kind") + " entry; --content prints files only");
        }
        byte[] bytes = api().send("GET", url, query, null, null, Map.of("Accept", "application/octet-stream"));
        out().write(bytes, 0, bytes.length);
    }
}
