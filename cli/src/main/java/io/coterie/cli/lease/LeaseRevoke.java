package io.coterie.cli.lease;

import io.coterie.api.kv.DeleteResultView;
import io.coterie.cli.core.DataCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes a lease, deleting its keys; prints how many keys went.")
public final class LeaseRevoke extends DataCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The lease.")
    long id;

    @Override
    protected void run() {
        DeleteResultView result = api().delete("/v1/leases/" + id, Map.of(), DeleteResultView.class);
        print(result, () -> result.deleted() + "\n");
    }
}
