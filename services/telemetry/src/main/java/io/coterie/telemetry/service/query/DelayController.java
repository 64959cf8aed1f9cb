package io.coterie.telemetry.service.query;

import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.telemetry.service.DatabaseCalls;
import io.coterie.telemetry.service.SeriesNames;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * How long points took from their timestamp to their row ("store delay"), over one source or
 * every source under a prefix ({@code robots/}): count, p50, p99 and max in milliseconds. For
 * operators and {@code coterie bench telemetry}; it scans the range's rows, so keep ranges short.
 */
@RestController
class DelayController {

    private static final String DELAYS = """
            select count(*) as count,
                   percentile_cont(0.5) within group (order by d) as p50,
                   percentile_cont(0.99) within group (order by d) as p99,
                   max(d) as max
            from (select extract(epoch from (ingested_at - ts)) * 1000 as d
                  from telemetry_points
                  where %s and ts >= ? and ts < ?) delays
            """;

    record Delay(String source, String prefix, long count, double p50Ms, double p99Ms, double maxMs) {
    }

    private final JdbcClient db;
    private final Access access;
    private final Clock clock;

    DelayController(JdbcClient db, Access access, Clock clock) {
        this.db = db;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping("/v1/telemetry/delay")
    Delay delay(@RequestParam(required = false) String source,
                @RequestParam(required = false) String prefix,
                @RequestParam(required = false) String since,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to) {
        if ((source == null) == (prefix == null)) {
            throw ApiException.badRequest("give either source (one source) or prefix (every source under it, such as robots/)");
        }
        String which;
        String condition;
        if (source != null) {
            which = SeriesNames.source(source);
            condition = "source = ?";
        } else {
            if (!prefix.endsWith("/")) {
                throw ApiException.badRequest("prefix must end with '/', such as prefix=robots/");
            }
            which = SeriesNames.source(prefix.substring(0, prefix.length() - 1)) + "/";
            condition = "starts_with(source, ?)";
        }
        access.require(Action.READ, SeriesNames.resource(which));
        SeriesRange range = SeriesRange.of(since, from, to, clock.instant());
        return DatabaseCalls.answer(() -> db.sql(DELAYS.formatted(condition))
                .params(which, OffsetDateTime.ofInstant(range.from(), ZoneOffset.UTC), OffsetDateTime.ofInstant(range.to(), ZoneOffset.UTC))
                .query((rs, row) -> new Delay(source, prefix, rs.getLong("count"), rs.getDouble("p50"), rs.getDouble("p99"),
                        rs.getDouble("max")))
                .single());
    }
}
