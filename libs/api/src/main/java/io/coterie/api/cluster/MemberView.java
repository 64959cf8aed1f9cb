package io.coterie.api.cluster;

/** One member; {@code role} is leader, follower, candidate, listener or unreachable. */
public record MemberView(String id, String address, String role, long term, long commitIndex, long appliedIndex) {
}
