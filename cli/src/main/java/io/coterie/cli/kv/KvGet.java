package io.coterie.cli.kv;

import io.coterie.api.kv.KeyValueView;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UrlEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Prints a key's value (exit 1 when the key does not exist).")
public final class KvGet extends DataCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "The key to read.")
    String key;

    @Option(names = "--stale", description = "Answer from the receiving peer without a quorum round (faster, maybe behind).")
    boolean stale;

    @Override
    protected void run() {
        KeyValueView kv = api().get(KeyPaths.of(key), UrlEncoding.params("stale", stale ? true : null), KeyValueView.class);
        if (json()) {
            out().println(Json.writePretty(kv));
            return;
        }
        // Text goes out as typed, with a newline for the terminal; binary values go out untouched.
        byte[] value = KvFormat.rawValue(kv);
        out().write(value, 0, value.length);
        if (kv.value() != null) {
            out().println();
        }
    }
}
