package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseGrantBody;
import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.DataCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "grant", mixinStandardHelpOptions = true, description = "Grants a lease and prints its id.")
public final class LeaseGrant extends DataCommand {

    @Parameters(index = "0", paramLabel = "TTL_SECONDS", description = "Seconds the lease lives without a keepalive (1 to 604800).")
    long ttlSeconds;

    @Override
    protected void run() {
        LeaseView lease = api().postJson("/v1/leases", new LeaseGrantBody(ttlSeconds), LeaseView.class);
        print(lease, () -> lease.id() + "\n");
    }
}
