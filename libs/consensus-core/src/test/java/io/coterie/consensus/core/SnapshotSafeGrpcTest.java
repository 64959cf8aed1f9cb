package io.coterie.consensus.core;

import static io.coterie.consensus.core.SnapshotSafeGrpc.previousEntryIsGone;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.RaftConfigKeys;
import org.junit.jupiter.api.Test;

class SnapshotSafeGrpcTest {

    @Test
    void aFollowerNeedingExactlyTheFirstEntryGetsTheSnapshotWhenTheEntryBeforeIsGone() {
        // The state the dev launcher ran into: follower snapshot at 11428, leader log 11429.., leader snapshot at 11436.
        assertThat(previousEntryIsGone(11429, 11429, 11912, false, 11436)).isTrue();
    }

    @Test
    void everyOtherCaseIsLeftToRatis() {
        assertThat(previousEntryIsGone(11429, 11429, 11912, true, 11436)).as("the entry before is still in the log").isFalse();
        assertThat(previousEntryIsGone(11429, 11429, 11912, false, 11428)).as("the snapshot ends right before").isFalse();
        assertThat(previousEntryIsGone(11500, 11429, 11912, false, 11436)).as("not the first entry").isFalse();
        assertThat(previousEntryIsGone(11000, 11429, 11912, false, 11436)).as("further behind: Ratis sends the snapshot").isFalse();
        assertThat(previousEntryIsGone(11912, 11912, 11912, false, 11436)).as("nothing to send").isFalse();
        assertThat(previousEntryIsGone(0, 0, 10, false, 5)).as("the very first entry has no previous").isFalse();
    }

    @Test
    void peersUseItAndRatisCanLoadItByName() {
        var properties = ConsensusPeer.properties(PeerConfig.of("n1", java.util.List.of(new io.coterie.consensus.client.Member("n1", "127.0.0.1:7999")), java.nio.file.Path.of("unused")));
        assertThat(RaftConfigKeys.Rpc.type(properties, null)).isInstanceOf(SnapshotSafeGrpc.class);
    }
}
