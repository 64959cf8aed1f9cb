package io.coterie.consensus.client;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/** Every peer and client of one cluster derives the same Raft group id from the cluster's name. */
public final class ClusterIds {

    public static final String DEFAULT_CLUSTER = "coterie";

    private ClusterIds() {
    }

    public static RaftGroupId groupId(String clusterName) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("coterie-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)));
    }
}
