package io.coterie.telemetry.service.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.db.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The retention job against a real, migrated PostgreSQL, with "now" chosen by the test: whole days
 * older than the retention go (partitions dropped), the rest stays, partitions appear ahead, and
 * points that had no partition of their own move into the one created for their day.
 */
class RetentionJobTest {

    private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);

    private JdbcClient db;

    @BeforeEach
    void migratedDatabase() {
        String url = TestDatabase.fresh("telemetry_retention");
        Flyway.configure().dataSource(url, TestDatabase.user(), "").load().migrate();
        // One connection throughout, in a time zone far from UTC: the job must work in UTC days whatever the session's zone.
        db = JdbcClient.create(new SingleConnectionDataSource(url, TestDatabase.user(), "", true));
        db.sql("set time zone 'Pacific/Auckland'").update();
    }

    @Test
    void dropsWholeDaysOlderThanTheRetentionAndCreatesTheDaysAhead() {
        db.sql("select telemetry_ensure_partitions(?, ?)").params(LocalDate.parse("2030-06-01"), LocalDate.parse("2030-06-10"))
                .query(Integer.class).single();
        insertPoint(1, "2030-06-03T10:00:00Z");   // in a day wholly older than the cutoff (2030-06-08T12:00Z)
        insertPoint(2, "2030-06-08T06:00:00Z");   // older than the cutoff, but its day is not: kept until the day goes
        insertPoint(3, "2030-06-09T00:00:00Z");
        insertPoint(4, "2030-05-01T00:00:00Z");   // no partition for its day: in the default one, and too old
        insertPoint(5, "2030-06-12T08:00:00Z");   // no partition yet: in the default one until its day gets one
        insertRollup("telemetry_rollup_1s", "2030-06-08T11:59:58Z");
        insertRollup("telemetry_rollup_1s", "2030-06-08T11:59:59Z");
        insertRollup("telemetry_rollup_1s", "2030-06-08T12:00:00Z");
        insertRollup("telemetry_rollup_1m", "2030-06-08T11:58:00Z");
        insertRollup("telemetry_rollup_1m", "2030-06-08T11:59:00Z");
        insertRollup("telemetry_rollup_1m", "2030-06-08T12:00:00Z");
        assertThat(defaultPartitionSeqs()).containsExactly(4L, 5L);
        long olderDays = partitions().stream()
                .filter(name -> !name.equals("telemetry_points_default") && name.compareTo("telemetry_points_p20300608") < 0).count();
        assertThat(olderDays).as("06-01 .. 06-07, and the days the migration created around the real today").isGreaterThanOrEqualTo(7);

        RetentionJob.Outcome outcome = new RetentionJob(db, RETENTION, 3).run(NOW);

        assertThat(partitions()).doesNotContain("telemetry_points_p20300601", "telemetry_points_p20300607")
                .contains("telemetry_points_p20300608", "telemetry_points_p20300609", "telemetry_points_p20300612",
                        "telemetry_points_p20300618")
                .doesNotContain("telemetry_points_p20300619");
        assertThat(storedSeqs()).containsExactly(2L, 3L, 5L);
        assertThat(defaultPartitionSeqs()).as("moved into its day's new partition, or deleted").isEmpty();
        assertThat(db.sql("select seq from telemetry_points_p20300612").query(Long.class).list()).containsExactly(5L);
        assertThat(rollupBuckets("telemetry_rollup_1s")).containsExactly(Instant.parse("2030-06-08T11:59:59Z"),
                Instant.parse("2030-06-08T12:00:00Z"));
        assertThat(rollupBuckets("telemetry_rollup_1m")).containsExactly(Instant.parse("2030-06-08T11:59:00Z"),
                Instant.parse("2030-06-08T12:00:00Z"));
        assertThat(outcome.partitionsDropped()).isEqualTo(olderDays);
        assertThat(outcome.defaultRowsDeleted()).isEqualTo(1);
        assertThat(outcome.rollupRowsDeleted()).isEqualTo(2);
        // 06-11 .. 06-18: the days after the ones created above (06-08 .. 06-10 exist already)
        assertThat(outcome.partitionsCreated()).isEqualTo(8);

        RetentionJob.Outcome again = new RetentionJob(db, RETENTION, 3).run(NOW);
        assertThat(again).isEqualTo(new RetentionJob.Outcome(0, 0, 0, 0));
        assertThat(storedSeqs()).containsExactly(2L, 3L, 5L);
    }

    @Test
    void aDayLaterTheNextDayGoes() {
        RetentionJob job = new RetentionJob(db, RETENTION, 3);
        job.run(NOW);
        insertPoint(1, "2030-06-08T23:59:59.999Z");
        insertPoint(2, "2030-06-09T00:00:00Z");
        job.run(NOW.plus(Duration.ofDays(1)));
        assertThat(partitions()).doesNotContain("telemetry_points_p20300608").contains("telemetry_points_p20300609",
                "telemetry_points_p20300619");
        assertThat(storedSeqs()).containsExactly(2L);
    }

    private void insertPoint(long seq, String ts) {
        db.sql("insert into telemetry_points (producer, seq, ts, lc, source, metric, value) values ('p', ?, ?, 0, 's', 'm', 1)")
                .params(seq, OffsetDateTime.parse(ts)).update();
    }

    private void insertRollup(String table, String bucket) {
        db.sql("insert into " + table + " (source, metric, bucket, count, sum, min, max) values ('s', 'm', ?, 1, 1, 1, 1)")
                .param(OffsetDateTime.parse(bucket)).update();
    }

    private List<String> partitions() {
        return db.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = 'telemetry_points'::regclass order by 1").query(String.class).list();
    }

    private List<Long> storedSeqs() {
        return db.sql("select seq from telemetry_points order by seq").query(Long.class).list();
    }

    private List<Long> defaultPartitionSeqs() {
        return db.sql("select seq from telemetry_points_default order by seq").query(Long.class).list();
    }

    private List<Instant> rollupBuckets(String table) {
        return db.sql("select bucket from " + table + " order by bucket").query((rs, row) ->
                rs.getObject(1, OffsetDateTime.class).toInstant()).list();
    }

}
