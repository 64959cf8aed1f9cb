package io.coterie.cli.cluster;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import java.util.Map;

/** A membership or leadership change, which prints the cluster status after it. */
abstract class ClusterChange extends DataCommand {

    static final String STATUS_PATH = "/v1/cluster";

    /** The status the change answered with, or (for an answer that is not one) a fresh read of it. */
    protected ClusterStatusView statusAfter(byte[] answer) {
        if (answer != null && answer.length > 0) {
            try {
                ClusterStatusView status = Json.mapper().readValue(answer, ClusterStatusView.class);
                if (status.members() != null) {
                    return status;
                }
            } catch (RuntimeException notAStatus) {
                // Fall back to asking.
            }
        }
        return readStatus();
    }

    protected ClusterStatusView readStatus() {
        return api().get(STATUS_PATH, Map.of(), ClusterStatusView.class);
    }

    protected void printStatus(ClusterStatusView status) {
        print(status, () -> ClusterFormat.status(status));
    }
}
