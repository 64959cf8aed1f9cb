package io.coterie.consensus.core;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * Ratis' gRPC transport with one repair in the leader's log appender.
 *
 * <p>Ratis 3.2.2 sends a follower a snapshot only when the follower needs an entry <em>before</em>
 * the leader's first log entry. When it needs exactly the first one, the leader must name the
 * entry before it (the "previous" of the append), which it finds neither in its log (purged) nor
 * as its latest snapshot (taken later, typically while stopping); the appender then fails with a
 * NullPointerException and is never restarted, so the follower stays behind for as long as that
 * leader leads (RATIS-1707 describes the same corner). Peers stopped a few entries apart and
 * restarted reach that state; the dev launcher found it. Here the leader sends its snapshot in
 * that case too, as it would for a follower one entry further behind.
 */
public final class SnapshotSafeGrpc implements RpcType {

    @Override
    public String name() {
        // Ratis stores the RPC type by name and instantiates a non-standard one from its class name.
        return SnapshotSafeGrpc.class.getName();
    }

    @Override
    public GrpcFactory newFactory(Parameters parameters) {
        return new Factory(parameters);
    }

    /**
     * Whether a follower that needs entry {@code followerNext} must get a snapshot because the
     * entry before it is gone: the follower is behind, needs exactly the first entry of the log,
     * and the entry before that is neither in the log nor the latest snapshot's last entry.
     */
    static boolean previousEntryIsGone(long followerNext, long logStart, long logNext, boolean previousInLog,
                                       long snapshotIndex) {
        return followerNext < logNext
                && followerNext == logStart
                && followerNext > RaftLog.LEAST_VALID_LOG_INDEX
                && !previousInLog
                && snapshotIndex >= followerNext;
    }

    static final class Factory extends GrpcFactory {
        Factory(Parameters parameters) {
            super(parameters);
        }

        @Override
        public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            return new Appender(server, state, follower);
        }
    }

    static final class Appender extends GrpcLogAppender {
        Appender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            super(server, state, follower);
        }

        @Override
        public SnapshotInfo shouldInstallSnapshot() {
            SnapshotInfo ratisChoice = super.shouldInstallSnapshot();
            if (ratisChoice != null) {
                return ratisChoice;
            }
            SnapshotInfo snapshot = getServer().getStateMachine().getLatestSnapshot();
            if (snapshot == null) {
                return null;
            }
            long next = getFollower().getNextIndex();
            RaftLog log = getRaftLog();
            boolean previousInLog = next <= RaftLog.LEAST_VALID_LOG_INDEX || log.getTermIndex(next - 1) != null;
            return previousEntryIsGone(next, log.getStartIndex(), log.getNextIndex(), previousInLog, snapshot.getIndex())
                    ? snapshot : null;
        }
    }
}
