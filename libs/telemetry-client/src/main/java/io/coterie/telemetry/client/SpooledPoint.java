package io.coterie.telemetry.client;

/** A point as the spool holds it: its place in the spool, and the record key and value ready for Kafka. */
record SpooledPoint(long index, byte[] key, byte[] value) {
}
