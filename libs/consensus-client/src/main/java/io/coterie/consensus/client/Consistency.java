package io.coterie.consensus.client;

/**
 * How fresh a read must be. LINEARIZABLE reads reflect every write acknowledged before they
 * started (Raft ReadIndex through the leader). STALE reads are answered by one peer from what it
 * has applied, without asking anyone; the answer says which revision it reflects.
 */
public enum Consistency { LINEARIZABLE, STALE }
