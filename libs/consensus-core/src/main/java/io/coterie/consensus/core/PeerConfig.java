package io.coterie.consensus.core;

import io.coterie.consensus.client.ClusterIds;
import io.coterie.consensus.client.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one consensus peer needs to start.
 *
 * @param id            this peer's id; must appear in {@code members} unless {@code join} is set
 * @param bindHost      the interface the Raft (gRPC) server listens on
 * @param port          the Raft port
 * @param members       the initial group; ignored once the peer has a log of its own, which then knows the membership
 * @param join          start outside the group, waiting to be added with an admin call
 * @param dataDir       where the Raft log, metadata and snapshots live
 * @param snapshotEvery take a snapshot after this many log entries
 * @param segmentBytes  roll the log over to a new segment file at this size
 */
public record PeerConfig(String id, String bindHost, int port, List<Member> members, boolean join, Path dataDir,
                         String clusterName, Timing timing, long snapshotEvery, long segmentBytes,
                         HistoryRetention retention) {

    /**
     * Raft timing. Elections start after a random wait in [electionMin, electionMax] without a
     * heartbeat; a leader that has not heard from a majority for electionMax steps down.
     */
    public record Timing(Duration electionMin, Duration electionMax, Duration requestTimeout) {
        /** Survives the GC pauses and scheduling hiccups of a busy shared machine. */
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(1000), Duration.ofMillis(2000), Duration.ofSeconds(3));
        /** For tests that kill leaders and want the next one quickly. */
        public static final Timing FAST = new Timing(Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofSeconds(3));
    }

    public PeerConfig {
        members = List.copyOf(members);
        if (!join && members.stream().noneMatch(m -> m.id().equals(id))) {
            throw new IllegalArgumentException("peer " + id + " is not among the members " + members
                    + " (start it with join to add it to a running group)");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be positive");
        }
    }

    public static PeerConfig of(String id, List<Member> members, Path dataDir) {
        Member self = members.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("peer " + id + " is not among " + members));
        return new PeerConfig(id, self.host(), self.port(), members, false, dataDir, ClusterIds.DEFAULT_CLUSTER,
                Timing.DEFAULT, 10_000, 8L * 1024 * 1024, HistoryRetention.DEFAULT);
    }

    public PeerConfig withTiming(Timing timing) {
        return new PeerConfig(id, bindHost, port, members, join, dataDir, clusterName, timing, snapshotEvery, segmentBytes, retention);
    }

    public PeerConfig withSnapshotEvery(long entries) {
        return new PeerConfig(id, bindHost, port, members, join, dataDir, clusterName, timing, entries, segmentBytes, retention);
    }

    public PeerConfig withSegmentBytes(long bytes) {
        return new PeerConfig(id, bindHost, port, members, join, dataDir, clusterName, timing, snapshotEvery, bytes, retention);
    }

    public PeerConfig withRetention(HistoryRetention retention) {
        return new PeerConfig(id, bindHost, port, members, join, dataDir, clusterName, timing, snapshotEvery, segmentBytes, retention);
    }
}
