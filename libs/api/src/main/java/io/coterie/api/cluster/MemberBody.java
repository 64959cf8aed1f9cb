package io.coterie.api.cluster;

/** A peer to add: its id and the host:port of its Raft endpoint. */
public record MemberBody(String id, String address) {
}
