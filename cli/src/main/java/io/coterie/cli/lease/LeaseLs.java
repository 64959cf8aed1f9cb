package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseList;
import io.coterie.cli.core.DataCommand;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "Lists the ids of the live leases.")
public final class LeaseLs extends DataCommand {

    @Override
    protected void run() {
        LeaseList list = api().get("/v1/leases", Map.of(), LeaseList.class);
        print(list, () -> LeaseFormat.ids(list));
    }
}
