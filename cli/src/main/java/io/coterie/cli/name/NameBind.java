package io.coterie.cli.name;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "bind", mixinStandardHelpOptions = true,
        description = "Binds (or rebinds) a name and prints the new revision.",
        footer = {"", "Without --kind, TARGET says what the entry is:",
                "  /other/name                 a link to that name",
                "  HOST:PORT[,HOST:PORT...]    a service, one instance per address (ids i0, i1, ...)",
                "  @FILE                       a file entry holding that local file's bytes",
                "  anything else               a file entry holding TARGET itself as text",
                "With --kind file, '-' reads the content from stdin;",
                "--kind directory takes no TARGET."})
public final class NameBind extends DataCommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "The name, an absolute path such as /apps/web.")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "What the name stands for (see below).")
    String target;

    @Option(names = "--kind", paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}: the entry's kind (default: told by TARGET).")
    NameKind kind;

    @Option(names = "--if-revision", paramLabel = "N",
            description = "Bind only if the entry is at revision N (0: only if the name is free); else exit 1.")
    Long ifRevision;

    @Option(names = "--session", paramLabel = "ID", description = "Make the entry ephemeral: it goes when this session ends.")
    String session;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata of the entry; repeat for more (not for files).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Override
    protected void run() {
        String url = NamePaths.of(path);
        BindRequest request = BindTargets.build(kind, target, metadata, context());
        JsonNode answer = Json.tree(api().send("PUT", url, params("ifRevision", ifRevision, "session", session),
                BodyPublishers.ofByteArray(request.body()), request.contentType()));
        print(answer, () -> Nodes.text(answer, "revision") + "\n");
    }
}
