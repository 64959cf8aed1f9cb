package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.TelemetryPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a batch of points and the offsets that follow it in one transaction: either both are in
 * the database or neither is, which is what makes ingest exactly once. The points go in with one
 * statement whose data-modifying CTEs update the rollups from the rows actually inserted, so a
 * point already stored (a replay) changes neither the points nor the rollups.
 */
final class PointWriter {

    private static final String INSERT = """
            with input as (
                select * from unnest(?::text[], ?::bigint[], ?::bigint[], ?::integer[], ?::text[], ?::text[],
                                     ?::double precision[], ?::text[])
                    as p(producer, seq, ts_ms, lc, source, metric, value, labels)
            ), inserted as (
                insert into telemetry_points (producer, seq, ts, lc, source, metric, value, labels)
                select producer, seq, timestamptz 'epoch' + ts_ms * interval '1 millisecond', lc, source, metric, value,
                       labels::jsonb
                from input
                on conflict do nothing
                returning producer, seq, ts, source, metric, value
            ), per_second as (
                insert into telemetry_rollup_1s as r (source, metric, bucket, count, sum, min, max)
                select source, metric, date_bin('1 second', ts, timestamptz 'epoch'), count(*), sum(value), min(value), max(value)
                from inserted group by 1, 2, 3 order by 1, 2, 3
                on conflict (source, metric, bucket) do update
                    set count = r.count + excluded.count, sum = r.sum + excluded.sum,
                        min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
            ), per_minute as (
                insert into telemetry_rollup_1m as r (source, metric, bucket, count, sum, min, max)
                select source, metric, date_bin('1 minute', ts, timestamptz 'epoch'), count(*), sum(value), min(value), max(value)
                from inserted group by 1, 2, 3 order by 1, 2, 3
                on conflict (source, metric, bucket) do update
                    set count = r.count + excluded.count, sum = r.sum + excluded.sum,
                        min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
            )
            """;
    /** Counting is all ingest needs; the identities cost a round trip's worth of rows, so only tails ask for them. */
    private static final String COUNT_INSERTED = INSERT + "select count(*) from inserted";
    private static final String LIST_INSERTED = INSERT
            + "select producer, seq, (extract(epoch from ts) * 1000)::bigint from inserted";

    private static final String SAVE_OFFSETS = """
            insert into telemetry_offsets (topic, partition, next_offset)
            select * from unnest(?::text[], ?::integer[], ?::bigint[])
            on conflict (topic, partition) do update set next_offset = excluded.next_offset, updated_at = now()
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How many points the transaction inserted, and (when asked for) which. */
    record Written(int inserted, List<TelemetryPoint> points) {
    }

    private record Identity(String producer, long seq, long wallMillis) {
    }

    private final DataSource database;

    PointWriter(DataSource database) {
        this.database = database;
    }

    Written write(List<TelemetryPoint> points, Map<TopicPartition, Long> nextOffsets, boolean listInserted) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Written written = points.isEmpty() ? new Written(0, List.of()) : insert(connection, points, listInserted);
                saveOffsets(connection, nextOffsets);
                connection.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                rollBack(connection, e);
                throw e;
            }
        }
    }

    private static Written insert(Connection connection, List<TelemetryPoint> points, boolean listInserted) throws SQLException {
        int n = points.size();
        String[] producers = new String[n];
        Long[] seqs = new Long[n];
        Long[] times = new Long[n];
        Integer[] logical = new Integer[n];
        String[] sources = new String[n];
        String[] metrics = new String[n];
        Double[] values = new Double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            TelemetryPoint p = points.get(i);
            producers[i] = p.producer();
            seqs[i] = p.sequence();
            times[i] = p.wallMillis();
            logical[i] = p.logical();
            sources[i] = p.source();
            metrics[i] = p.metric();
            values[i] = p.value();
            labels[i] = p.labels().isEmpty() ? "{}" : JSON.writeValueAsString(p.labels());
        }
        try (PreparedStatement statement = connection.prepareStatement(listInserted ? LIST_INSERTED : COUNT_INSERTED)) {
            statement.setArray(1, connection.createArrayOf("text", producers));
            statement.setArray(2, connection.createArrayOf("bigint", seqs));
            statement.setArray(3, connection.createArrayOf("bigint", times));
            statement.setArray(4, connection.createArrayOf("integer", logical));
            statement.setArray(5, connection.createArrayOf("text", sources));
            statement.setArray(6, connection.createArrayOf("text", metrics));
            statement.setArray(7, connection.createArrayOf("float8", values));
            statement.setArray(8, connection.createArrayOf("text", labels));
            try (ResultSet rows = statement.executeQuery()) {
                if (!listInserted) {
                    rows.next();
                    return new Written(rows.getInt(1), List.of());
                }
                List<Identity> inserted = new ArrayList<>();
                while (rows.next()) {
                    inserted.add(new Identity(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
                return new Written(inserted.size(), pick(points, inserted));
            }
        }
    }

    /** The points that were inserted, in batch order. */
    private static List<TelemetryPoint> pick(List<TelemetryPoint> points, List<Identity> inserted) {
        Map<Identity, Boolean> wanted = new HashMap<>();
        inserted.forEach(identity -> wanted.put(identity, Boolean.TRUE));
        List<TelemetryPoint> picked = new ArrayList<>(inserted.size());
        for (TelemetryPoint p : points) {
            // remove: a point twice in one batch was inserted once, and is reported once
            if (wanted.remove(new Identity(p.producer(), p.sequence(), p.wallMillis())) != null) {
                picked.add(p);
            }
        }
        return picked;
    }

    private static void saveOffsets(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        int n = nextOffsets.size();
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        int i = 0;
        for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
            topics[i] = entry.getKey().topic();
            partitions[i] = entry.getKey().partition();
            offsets[i] = entry.getValue();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(SAVE_OFFSETS)) {
            statement.setArray(1, connection.createArrayOf("text", topics));
            statement.setArray(2, connection.createArrayOf("integer", partitions));
            statement.setArray(3, connection.createArrayOf("bigint", offsets));
            statement.executeUpdate();
        }
    }

    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is probably gone, which rolls the transaction back just the same.
            cause.addSuppressed(e);
        }
    }
}
