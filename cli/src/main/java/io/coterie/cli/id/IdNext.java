package io.coterie.cli.id;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.id.IdBlock.Range;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "next", mixinStandardHelpOptions = true,
        description = "Prints N cluster-unique IDs, one per line (JSON: {\"count\":N,\"ids\":[...]}).")
public final class IdNext extends DataCommand {

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many IDs (1 to 100000; default ${DEFAULT-VALUE}).")
    long count;

    @Override
    protected void run() {
        if (count < 1) {
            throw new UsageException("--count must be at least 1");
        }
        IdBlock block = Json.read(api().send("POST", "/v1/ids", params("count", count), null, null), IdBlock.class);
        // Written as it is expanded: 100,000 IDs never become one big string.
        PrintStream out = out();
        if (json()) {
            out.print("{\"count\":" + block.total() + ",\"ids\":[");
        }
        boolean first = true;
        for (Range range : block.rangesOrNone()) {
            for (long i = 0; i < range.count(); i++) {
                if (json() && !first) {
                    out.print(',');
                }
                out.print(range.first() + i);
                if (!json()) {
                    out.print('\n');
                }
                first = false;
            }
        }
        if (json()) {
            out.print("]}\n");
        }
    }
}
