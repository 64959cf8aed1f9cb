package io.coterie.consensus.client;

/** The result of one operation inside a transaction. */
public sealed interface OpResult permits PutResult, DeleteResult, RangePage {
}
