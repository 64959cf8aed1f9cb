package io.coterie.cli.cluster;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.cli.core.DataCommand;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the leader, the term, the commit index and every member.")
public final class ClusterStatus extends DataCommand {

    @Override
    protected void run() {
        ClusterStatusView status = api().get(ClusterChange.STATUS_PATH, Map.of(), ClusterStatusView.class);
        print(status, () -> ClusterFormat.status(status));
    }
}
