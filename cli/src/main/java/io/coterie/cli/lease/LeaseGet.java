package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.DataCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a lease: its TTL, the time it has left and, with --keys, its keys.")
public final class LeaseGet extends DataCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The lease.")
    long id;

    @Option(names = "--keys", description = "Also list the keys attached to the lease.")
    boolean keys;

    @Override
    protected void run() {
        LeaseView lease = api().get("/v1/leases/" + id, params("keys", keys ? true : null), LeaseView.class);
        print(lease, () -> LeaseFormat.details(lease));
    }
}
