package io.coterie.api.cluster;

import java.util.List;

/** The consensus group: its leader (null while there is none), term, commit index and members. */
public record ClusterStatusView(String leader, long term, List<MemberView> members, long commitIndex) {
}
