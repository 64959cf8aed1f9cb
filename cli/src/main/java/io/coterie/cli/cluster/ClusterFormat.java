package io.coterie.cli.cluster;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.api.cluster.MemberView;
import io.coterie.cli.core.TextTable;
import java.util.List;

/** The text form of the cluster status: a summary line, then one row per member. */
public final class ClusterFormat {

    private ClusterFormat() {
    }

    public static String status(ClusterStatusView status) {
        String leader = status.leader() == null ? "(none)" : status.leader();
        StringBuilder text = new StringBuilder()
                .append("leader: ").append(leader)
                .append("  term: ").append(status.term())
                .append("  commit index: ").append(status.commitIndex())
                .append("\n\n");
        TextTable members = new TextTable("ID", "ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED");
        for (MemberView member : status.members() == null ? List.<MemberView>of() : status.members()) {
            members.row(member.id(), member.address(), member.role(), member.term(), member.commitIndex(), member.appliedIndex());
        }
        return text.append(members.render()).toString();
    }
}
