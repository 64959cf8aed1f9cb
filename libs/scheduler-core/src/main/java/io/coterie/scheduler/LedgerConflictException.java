package io.coterie.scheduler;

/**
 * An allocation a host ledger cannot take: it would over-commit the host, pin a CPU that is taken,
 * does not exist or is the shared pool's last, or it is on another host. For the scheduler service
 * this is the signal that a placement went stale between choosing and committing.
 */
public final class LedgerConflictException extends IllegalStateException {

    public LedgerConflictException(String message) {
        super(message);
    }
}
