package io.coterie.cli.cluster;

import io.coterie.cli.core.UrlEncoding;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove-peer", mixinStandardHelpOptions = true, description = "Removes a peer; prints the new status.")
public final class ClusterRemovePeer extends ClusterChange {

    @Parameters(index = "0", paramLabel = "ID", description = "The peer's id.")
    String id;

    @Override
    protected void run() {
        byte[] answer = api().send("DELETE", "/v1/cluster/members/" + UrlEncoding.encode(id), Map.of(), null, null);
        printStatus(statusAfter(answer));
    }
}
