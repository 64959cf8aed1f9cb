package io.coterie.consensus.client;

/** A running watch; close it to stop. */
public interface Watch extends AutoCloseable {

    /** Every matching event before this revision has been delivered. */
    long nextRevision();

    boolean isClosed();

    @Override
    void close();
}
