package io.coterie.cli.name;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.core.WatchStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Prints one line per bind and unbind under a prefix (or of one name) as it happens, until Ctrl-C.",
        footer = {"", "Lines: 'BIND /path kind summary rev=N' or 'UNBIND /path rev=N'; with -o json, the event's JSON, one per line.",
                "A dropped stream is resumed from the last event seen, so nothing is missed or repeated."})
public final class NameWatch extends DataCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Watch every name starting with this, such as /apps/.")
    String prefix;

    @Option(names = "--path", paramLabel = "NAME", description = "Watch exactly this name instead of a prefix.")
    String exactPath;

    @Option(names = "--from-revision", paramLabel = "N",
            description = "Start with the changes at revision N (default: the next change).")
    Long fromRevision;

    @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N events.")
    Long count;

    @Override
    protected void run() throws InterruptedException {
        if ((prefix == null) == (exactPath == null)) {
            throw new UsageException("give either a PREFIX or --path NAME");
        }
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1");
        }
        var query = exactPath != null ? params("path", NamePaths.check(exactPath)) : params("prefix", NamePaths.checkPrefix(prefix));
        new WatchStream(api(), context(), "/v1/watch/names", query, fromRevision).run(count, event -> NameEvents.decode(event, json()));
    }
}
