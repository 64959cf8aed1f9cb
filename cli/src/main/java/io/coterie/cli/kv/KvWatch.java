package io.coterie.cli.kv;

import io.coterie.api.kv.WatchEventView;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.SseEvent;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.core.WatchStream;
import io.coterie.cli.core.WatchStream.Change;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Prints one line per change under a prefix as it happens, until Ctrl-C.",
        footer = {"", "Lines: 'PUT key=value rev=N' or 'DELETE key rev=N'; with -o json, one JSON object per line.",
                "A dropped stream is resumed from the last event seen, so nothing is missed or repeated."})
public final class KvWatch extends DataCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
            description = "Watch keys starting with this (empty, the default: every key); with --key, exactly this key.")
    String prefix = "";

    @Option(names = "--key", description = "Watch exactly the key given instead of a prefix.")
    boolean exactKey;

    @Option(names = "--from-revision", paramLabel = "N",
            description = "Start with the changes at revision N (default: the next write).")
    Long fromRevision;

    @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N events.")
    Long count;

    @Override
    protected void run() throws InterruptedException {
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1");
        }
        if (exactKey) {
            KeyPaths.of(prefix);
        } else {
            KeyPaths.checkPrefix(prefix);
        }
        new WatchStream(api(), context(), "/v1/watch", params(exactKey ? "key" : "prefix", prefix), fromRevision)
                .run(count, this::change);
    }

    private Change change(SseEvent event) {
        WatchEventView view = Json.mapper().readValue(event.data(), WatchEventView.class);
        if (view.key() == null || view.type() == null) {
            return null;
        }
        return new Change(view.revision(), json() ? KvFormat.watchJson(view) : KvFormat.watchLine(view));
    }
}
