package io.coterie.consensus.client;

/** One member as it reports itself; role "unreachable" when it did not answer. */
public record MemberStatus(String id, String address, String role, long term, long commitIndex, long appliedIndex) {
}
