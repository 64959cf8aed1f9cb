package io.coterie.consensus.client;

import java.util.List;

/** Receives a watch's events in revision order, each exactly once. Called from one thread at a time. */
public interface WatchListener {

    void onEvents(List<WatchEvent> events);

    /** The watch ended for good (its start revision was compacted, or the request is invalid). */
    default void onError(ConsensusException error) {
    }
}
