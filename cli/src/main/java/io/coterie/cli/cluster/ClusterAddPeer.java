package io.coterie.cli.cluster;

import io.coterie.api.cluster.MemberBody;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "add-peer", mixinStandardHelpOptions = true,
        description = "Adds a peer (started beforehand with COTERIE_CONSENSUS_JOIN=true); prints the new status.")
public final class ClusterAddPeer extends ClusterChange {

    @Parameters(index = "0", paramLabel = "ID", description = "The new peer's id.")
    String id;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "The host:port of the new peer's Raft endpoint.")
    String address;

    @Override
    protected void run() {
        printStatus(statusAfter(api().sendJson("POST", "/v1/cluster/members", new MemberBody(id, address))));
    }
}
