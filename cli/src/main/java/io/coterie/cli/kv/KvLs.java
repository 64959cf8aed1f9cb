package io.coterie.cli.kv;

import io.coterie.api.kv.KeyPage;
import io.coterie.api.kv.KeyValueView;
import io.coterie.api.kv.KvLimits;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Paging;
import io.coterie.cli.core.Paging.Page;
import io.coterie.cli.core.UsageException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "Lists the keys under a prefix, following every page.")
public final class KvLs extends DataCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
            description = "List keys starting with this; empty (the default) lists every key.")
    String prefix = "";

    @Option(names = "--keys-only", description = "Fetch and print only the keys.")
    boolean keysOnly;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N keys (default: all of them).")
    Integer limit;

    @Option(names = "--stale", description = "Answer from the receiving peer without a quorum round.")
    boolean stale;

    @Override
    protected void run() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1");
        }
        KeyPaths.checkPrefix(prefix);
        List<KeyValueView> items = Paging.all(limit, KvLimits.MAX_PAGE_SIZE, this::page);
        print(items, () -> keysOnly ? KvFormat.keys(items) : KvFormat.listing(items));
    }

    private Page<KeyValueView> page(String after, int size) {
        KeyPage page = api().get("/v1/kv", params("prefix", prefix, "after", after, "limit", size,
                "keysOnly", keysOnly ? true : null, "stale", stale ? true : null), KeyPage.class);
        return new Page<>(page.items(), page.more(), page.next());
    }
}
