package io.coterie.cli.cluster;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.api.cluster.LeaderBody;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "transfer-leader", mixinStandardHelpOptions = true,
        description = "Hands leadership to a member; prints the status once it leads (or after a few seconds).")
public final class ClusterTransferLeader extends ClusterChange {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    @Parameters(index = "0", paramLabel = "ID", description = "The member that should lead.")
    String id;

    @Override
    protected void run() throws InterruptedException {
        ClusterStatusView status = statusAfter(api().sendJson("POST", "/v1/cluster/leader", new LeaderBody(id)));
        // The answer may predate the hand-over; a short wait lets the printed status show the new leader.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!id.equals(status.leader()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = readStatus();
        }
        printStatus(status);
    }
}
