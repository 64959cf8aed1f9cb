package io.coterie.cli.kv;

import io.coterie.api.kv.DeleteResultView;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
        description = "Deletes a key (or every key under a prefix) and prints how many went.")
public final class KvDel extends DataCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "The key to delete, or the prefix with --prefix.")
    String key;

    @Option(names = "--prefix", description = "Delete every key that starts with KEY (KEY must not be empty).")
    boolean prefix;

    @Option(names = "--if-revision", paramLabel = "N", description = "Delete only if the key's mod revision is N; else exit 1.")
    Long ifRevision;

    @Override
    protected void run() {
        DeleteResultView result;
        if (prefix) {
            if (ifRevision != null) {
                throw new UsageException("--if-revision cannot be combined with --prefix");
            }
            result = api().delete("/v1/kv", params("prefix", KeyPaths.checkPrefix(key)), DeleteResultView.class);
        } else {
            result = api().delete(KeyPaths.of(key), params("ifRevision", ifRevision), DeleteResultView.class);
        }
        print(result, () -> result.deleted() + "\n");
    }
}
