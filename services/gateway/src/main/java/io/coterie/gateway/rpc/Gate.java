package io.coterie.gateway.rpc;

/** The way to a workload: instances and a permit of the name's guards, or the refusal. */
record Gate(Resolution.Found found, NameGuards.Permit permit, Refusal refusal) {

    static Gate open(Resolution.Found found, NameGuards.Permit permit) {
        return new Gate(found, permit, null);
    }

    static Gate closed(Refusal refusal) {
        return new Gate(null, null, refusal);
    }

    boolean isOpen() {
        return refusal == null;
    }
}
