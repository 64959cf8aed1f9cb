package io.coterie.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.api.cluster.MemberView;
import io.coterie.cli.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterFormatTest {

    private final ClusterStatusView status = new ClusterStatusView("p1", 3, List.of(
            new MemberView("p1", "127.0.0.1:9001", "leader", 3, 120, 120),
            new MemberView("peer-two", "127.0.0.1:9002", "follower", 3, 119, 118)), 120);

    @Test
    void printsASummaryLineThenAMemberTable() {
        assertThat(ClusterFormat.status(status)).isEqualTo("""
                leader: p1  term: 3  commit index: 120

                ID        ADDRESS         ROLE      TERM  COMMIT  APPLIED
                p1        127.0.0.1:9001  leader    3     120     120
                peer-two  127.0.0.1:9002  follower  3     119     118
                """);
    }

    @Test
    void saysSoWhenThereIsNoLeader() {
        assertThat(ClusterFormat.status(new ClusterStatusView(null, 4, List.of(), 0))).startsWith("leader: (none)  term: 4");
    }

    @Test
    void jsonIsTheServersDocumentWithANullLeaderKept() {
        assertThat(Json.write(status)).isEqualTo("{\"leader\":\"p1\",\"term\":3,\"members\":["
                + "{\"id\":\"p1\",\"address\":\"127.0.0.1:9001\",\"role\":\"leader\",\"term\":3,\"commitIndex\":120,\"appliedIndex\":120},"
                + "{\"id\":\"peer-two\",\"address\":\"127.0.0.1:9002\",\"role\":\"follower\",\"term\":3,\"commitIndex\":119,\"appliedIndex\":118}],"
                + "\"commitIndex\":120}");
        assertThat(Json.write(new ClusterStatusView(null, 4, List.of(), 0))).startsWith("{\"leader\":null,");
    }
}
