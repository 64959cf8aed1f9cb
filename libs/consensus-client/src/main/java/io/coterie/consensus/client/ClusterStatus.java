package io.coterie.consensus.client;

import java.util.List;

/** The group as seen from its members; {@code leader} is null while there is none. */
public record ClusterStatus(String leader, long term, long commitIndex, List<MemberStatus> members) {
}
