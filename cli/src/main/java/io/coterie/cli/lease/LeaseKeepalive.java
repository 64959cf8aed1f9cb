package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.KeepaliveCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "keepalive", mixinStandardHelpOptions = true,
        description = "Renews a lease over and over until Ctrl-C (or once, with --once); one line per renewal.")
public final class LeaseKeepalive extends KeepaliveCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The lease.")
    long id;

    @Override
    protected long renew() {
        LeaseView lease = api().postJson("/v1/leases/" + id + "/keepalive", null, LeaseView.class);
        printLine(json() ? Json.write(lease) : LeaseFormat.renewed(lease));
        return lease.ttlSeconds();
    }
}
