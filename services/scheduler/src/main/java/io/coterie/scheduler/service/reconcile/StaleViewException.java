package io.coterie.scheduler.service.reconcile;

/**
 * A fenced transaction found the store other than the pass read it (a host changed, or this
 * instance no longer leads with its token). Nothing was written; the pass ends and a new one
 * starts from a fresh read.
 */
final class StaleViewException extends RuntimeException {

    StaleViewException(String message) {
        super(message, null, false, false);
    }
}
