package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.TelemetryPoint;
import java.util.List;

/** Hears about points once their transaction has committed: the live tail. */
public interface CommittedPoints {

    /** True while someone listens; ingest then asks the database which points of a batch were new. */
    boolean listening();

    /** Called on the ingest thread, so it must hand the points off and return at once, and never throw. */
    void committed(List<TelemetryPoint> points);
}
