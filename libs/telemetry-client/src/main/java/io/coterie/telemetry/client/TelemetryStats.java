package io.coterie.telemetry.client;

/**
 * What a {@link TelemetryClient} has done so far.
 *
 * @param recorded     points this client accepted
 * @param delivered    spooled points Kafka acknowledged (including an earlier client's, replayed from the spool)
 * @param pending      points in the spool not yet acknowledged (including an earlier client's)
 * @param spooledBytes the size of the spool on disk
 * @param dropped      points given up unacknowledged because the spool reached its limit
 */
public record TelemetryStats(long recorded, long delivered, long pending, long spooledBytes, long dropped) {
}
