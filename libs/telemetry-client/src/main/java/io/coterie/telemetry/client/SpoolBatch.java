package io.coterie.telemetry.client;

import java.util.List;

/** Consecutive spooled points, and where to read after them. */
record SpoolBatch(List<SpooledPoint> points, SpoolCursor next) {

    boolean isEmpty() {
        return points.isEmpty();
    }
}
