package io.coterie.consensus.client;

import io.coterie.api.ProblemType;

/** Any failure of a store operation, classified by the problem type a caller should branch on. */
public class ConsensusException extends RuntimeException {

    private final ProblemType type;

    public ConsensusException(ProblemType type, String message) {
        this(type, message, null);
    }

    public ConsensusException(ProblemType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** No leader backed by a majority answered in time. The operation may still apply later if it was a write. */
    public static final class NoQuorum extends ConsensusException {
        public NoQuorum(String message, Throwable cause) {
            super(ProblemType.NO_QUORUM, message, cause);
        }
    }

    /** The request breaks a documented rule (key syntax, sizes, limits); it was not applied. */
    public static final class InvalidRequest extends ConsensusException {
        public InvalidRequest(String message) {
            super(ProblemType.INVALID_REQUEST, message);
        }
    }

    /** The lease does not exist (never granted, expired or revoked); nothing was applied. */
    public static final class LeaseNotFound extends ConsensusException {
        public LeaseNotFound(String message) {
            super(ProblemType.LEASE_NOT_FOUND, message);
        }
    }

    /** A watch asked for history that has been compacted away. */
    public static final class Compacted extends ConsensusException {
        private final long compactRevision;

        public Compacted(String message, long compactRevision) {
            super(ProblemType.COMPACTED, message);
            this.compactRevision = compactRevision;
        }

        /** The oldest revision still available is {@code compactRevision() + 1}. */
        public long compactRevision() {
            return compactRevision;
        }
    }

    /** The leader has too many requests in flight; back off and retry. */
    public static final class Overloaded extends ConsensusException {
        public Overloaded(String message, Throwable cause) {
            super(ProblemType.RATE_LIMITED, message, cause);
        }
    }

    /** The client was closed. */
    public static final class Closed extends ConsensusException {
        public Closed(String message) {
            super(ProblemType.UNAVAILABLE, message);
        }
    }
}
