package io.coterie.api.cluster;

/** The member that should lead. */
public record LeaderBody(String id) {
}
