package io.coterie.telemetry.service;

import io.coterie.service.ApiException;
import io.coterie.telemetry.client.InvalidPointException;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.util.Map;

/**
 * Sources and metrics named in requests. They follow the wire format's rules, checked by the wire
 * format itself so that the two cannot drift; a source is guarded by the grants of the name it
 * reads like ({@code robots/r1} by {@code /robots/r1}).
 */
public final class SeriesNames {

    /** Stands in for the fields a request does not name, so that only the named ones can break a rule. */
    private static final String ANY_METRIC = "m";
    private static final String ANY_PRODUCER = "p";

    private SeriesNames() {
    }

    public static String source(String source) {
        if (source == null || source.isEmpty()) {
            throw ApiException.badRequest("source is required: whose points, such as source=robots/r1");
        }
        check(source, ANY_METRIC);
        return source;
    }

    public static String metric(String metric) {
        if (metric == null || metric.isEmpty()) {
            throw ApiException.badRequest("metric is required: which metric of the source, such as metric=speed");
        }
        check("s", metric);
        return metric;
    }

    /** The name whose {@code read} grant covers a source's points. */
    public static String resource(String source) {
        return "/" + source;
    }

    private static void check(String source, String metric) {
        try {
            TelemetryWire.check(new TelemetryPoint(ANY_PRODUCER, 0, 0, 0, source, metric, 0, Map.of()));
        } catch (InvalidPointException e) {
            throw ApiException.badRequest(e.getMessage().replace("field \"", "parameter \""));
        }
    }
}
