package io.coterie.telemetry.service.query;

import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.telemetry.service.DatabaseCalls;
import io.coterie.telemetry.service.SeriesNames;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A series of one source and metric over a time range: aggregated per {@code step} from the
 * rollups, or the raw points. See the README, "API".
 */
@RestController
class SeriesController {

    private final SeriesReader reader;
    private final Access access;
    private final Clock clock;

    SeriesController(SeriesReader reader, Access access, Clock clock) {
        this.reader = reader;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping("/v1/telemetry/series")
    Object series(@RequestParam(required = false) String source,
                  @RequestParam(required = false) String metric,
                  @RequestParam(required = false) String since,
                  @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to,
                  @RequestParam(required = false) String step,
                  @RequestParam(required = false) String limit) {
        String read = SeriesNames.source(source);
        String measured = SeriesNames.metric(metric);
        access.require(Action.READ, SeriesNames.resource(read));
        SeriesRange range = SeriesRange.of(since, from, to, clock.instant());
        if (step != null) {
            if (limit != null) {
                throw ApiException.badRequest("limit applies to raw points; an aggregated answer holds at most "
                        + QueryLimits.MAX_BUCKETS + " buckets, set by the range and the step");
            }
            Step width = Step.parse(step);
            SeriesRange aligned = width.align(range);
            return new SeriesViews.Aggregated(read, measured, aligned.from(), aligned.to(), width.width().toString(),
                    DatabaseCalls.answer(() -> reader.buckets(read, measured, aligned, width)));
        }
        int most = limit(limit);
        List<SeriesViews.RawPoint> points = DatabaseCalls.answer(() -> reader.raw(read, measured, range, most));
        boolean truncated = points.size() > most;
        return new SeriesViews.Raw(read, measured, range.from(), range.to(), truncated ? points.subList(0, most) : points, truncated);
    }

    private static int limit(String text) {
        if (text == null) {
            return QueryLimits.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= QueryLimits.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range, below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + QueryLimits.MAX_LIMIT + "; not '" + text + "'");
    }
}
