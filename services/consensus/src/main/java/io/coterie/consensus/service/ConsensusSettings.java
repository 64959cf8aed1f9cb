package io.coterie.consensus.service;

import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.HistoryRetention;
import io.coterie.consensus.core.PeerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The peer's settings ({@code coterie.consensus.*}, or {@code COTERIE_CONSENSUS_*} in the
 * environment).
 *
 * @param nodeId            this peer's id
 * @param members           the initial group, {@code id=host:port,...} (Raft gRPC addresses)
 * @param join              start outside the group and wait to be added ({@code cluster add-peer})
 * @param address           this peer's Raft address when it is not among {@code members} (join)
 * @param bindHost          the interface to listen on; by default the host of its own address
 * @param dataDir           where the log and snapshots live
 * @param snapshotEvery     log entries between automatic snapshots
 * @param operationTimeout  how long an API call may wait for the quorum before it answers 503
 */
@ConfigurationProperties("coterie.consensus")
public record ConsensusSettings(
        @DefaultValue("n1") String nodeId,
        @DefaultValue("n1=127.0.0.1:7200") String members,
        @DefaultValue("false") boolean join,
        String address,
        String bindHost,
        @DefaultValue("var/consensus") Path dataDir,
        @DefaultValue("coterie") String clusterName,
        @DefaultValue("10000") long snapshotEvery,
        @DefaultValue("8MB") DataSize segmentSize,
        @DefaultValue("1s") Duration electionTimeoutMin,
        @DefaultValue("2s") Duration electionTimeoutMax,
        @DefaultValue("3s") Duration requestTimeout,
        @DefaultValue("5s") Duration operationTimeout,
        @DefaultValue("100000") int historyEvents,
        @DefaultValue("64MB") DataSize historyBytes) {

    public List<Member> memberList() {
        return Member.parseList(members);
    }

    /** This peer as a member: from the member list, or from {@code address} when joining. */
    public Member self() {
        return memberList().stream().filter(m -> m.id().equals(nodeId)).findFirst().orElseGet(() -> {
            if (address == null) {
                throw new IllegalStateException("peer " + nodeId + " is not among the members " + members
                        + "; set coterie.consensus.address (and join=true) to add it to a running group");
            }
            return new Member(nodeId, address);
        });
    }

    /** Everyone the API's client may talk to: the members, and this peer. */
    public List<Member> clientMembers() {
        List<Member> all = new ArrayList<>(memberList());
        if (all.stream().noneMatch(m -> m.id().equals(nodeId))) {
            all.add(self());
        }
        return all;
    }

    public PeerConfig peerConfig() {
        Member self = self();
        return new PeerConfig(nodeId, bindHost != null ? bindHost : self.host(), self.port(), memberList(), join,
                dataDir, clusterName, new PeerConfig.Timing(electionTimeoutMin, electionTimeoutMax, requestTimeout),
                snapshotEvery, segmentSize.toBytes(), new HistoryRetention(historyEvents, historyBytes.toBytes()));
    }
}
