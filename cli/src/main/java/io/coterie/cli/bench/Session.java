package io.coterie.cli.bench;

/** One load-generator client; each thread of a run has its own and closes it when the phase ends. */
public interface Session extends AutoCloseable {

    @Override
    void close();
}
