package io.coterie.cli.name;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "unbind", mixinStandardHelpOptions = true,
        description = "Unbinds a name and prints the revision of the change (exit 1 when it was not bound).")
public final class NameUnbind extends DataCommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "The name, an absolute path such as /apps/web.")
    String path;

    @Option(names = "--if-revision", paramLabel = "N", description = "Unbind only if the entry is at revision N; else exit 1.")
    Long ifRevision;

    @Override
    protected void run() {
        JsonNode answer = Json.tree(api().send("DELETE", NamePaths.of(path), params("ifRevision", ifRevision), null, null));
        String revision = Nodes.text(answer, "revision");
        print(answer, () -> revision == null ? "" : revision + "\n");
    }
}
