package io.coterie.telemetry.service.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the retention: drops the daily partitions whose whole day is older than it, deletes older
 * points that sit in the default partition and older rollup rows, and creates the partitions from
 * the retention's first day to a few days ahead (moving in any of their points that had landed in
 * the default partition). Each step is its own transaction, and every step is idempotent, so
 * instances may run it at the same time and a failed run is simply done again by the next.
 */
public final class RetentionJob {

    /** What one run did. */
    public record Outcome(int partitionsDropped, int partitionsCreated, int defaultRowsDeleted, int rollupRowsDeleted) {
    }

    private final JdbcClient db;
    private final Duration retention;
    private final int partitionsAhead;

    public RetentionJob(JdbcClient db, Duration retention, int partitionsAhead) {
        this.db = db;
        this.retention = retention;
        this.partitionsAhead = partitionsAhead;
    }

    public Outcome run(Instant now) {
        Instant cutoff = now.minus(retention);
        LocalDate firstKeptDay = cutoff.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(partitionsAhead);
        int dropped = db.sql("select telemetry_drop_partitions_before(?)").param(firstKeptDay).query(Integer.class).single();
        int defaultRows = db.sql("delete from telemetry_points_default where ts < ?").param(utc(cutoff)).update();
        // A bucket goes once all of it is older than the cutoff.
        int rollupRows = db.sql("delete from telemetry_rollup_1s where bucket < ?").param(utc(cutoff.minusSeconds(1))).update()
                + db.sql("delete from telemetry_rollup_1m where bucket < ?").param(utc(cutoff.minusSeconds(60))).update();
        int created = db.sql("select telemetry_ensure_partitions(?, ?)").params(firstKeptDay, lastDay)
                .query(Integer.class).single();
        return new Outcome(dropped, created, defaultRows, rollupRows);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
