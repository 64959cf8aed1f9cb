package io.coterie.gateway.rpc;

/** Carries a {@link Refusal} out of a check; never leaves the rpc package. */
final class RefusedException extends Exception {

    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
        super(refusal.detail(), null, false, false);
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }
}
