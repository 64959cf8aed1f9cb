package io.coterie.telemetry.service.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads a series from the rollups (aggregated) or from the points themselves (raw). */
@Component
class SeriesReader {

    private static final String BUCKETS = """
            select date_bin(cast(? as interval), bucket, timestamptz 'epoch') as t,
                   sum(count) as count, min(min) as min, max(max) as max, sum(sum) as sum
            from %s
            where source = ? and metric = ? and bucket >= ? and bucket < ?
            group by 1 order by 1
            """;
    private static final String RAW = """
            select (extract(epoch from ts) * 1000)::bigint as ms, value, producer, seq, labels::text as labels
            from telemetry_points
            where source = ? and metric = ? and ts >= ? and ts < ?
            order by ts, producer, seq
            limit ?
            """;
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient db;
    private final JsonMapper json;

    SeriesReader(JdbcClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    List<SeriesViews.Bucket> buckets(String source, String metric, SeriesRange range, Step step) {
        String table = step.usesMinuteRollup() ? "telemetry_rollup_1m" : "telemetry_rollup_1s";
        return db.sql(BUCKETS.formatted(table))
                .params(step.interval(), source, metric, time(range.from()), time(range.to()))
                .query((rs, row) -> {
                    long count = rs.getLong("count");
                    double sum = rs.getDouble("sum");
                    return new SeriesViews.Bucket(rs.getObject("t", OffsetDateTime.class).toInstant(), count,
                            rs.getDouble("min"), rs.getDouble("max"), sum / count, sum);
                })
                .list();
    }

    /** The oldest {@code limit} points of the range, and one more if there is one (so the caller knows it truncated). */
    List<SeriesViews.RawPoint> raw(String source, String metric, SeriesRange range, int limit) {
        return db.sql(RAW)
                .params(source, metric, time(range.from()), time(range.to()), limit + 1)
                .query((rs, row) -> new SeriesViews.RawPoint(Instant.ofEpochMilli(rs.getLong("ms")), rs.getDouble("value"),
                        rs.getString("producer"), rs.getLong("seq"), json.readValue(rs.getString("labels"), LABELS)))
                .list();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
