package io.coterie.telemetry.service.tail;

import io.coterie.telemetry.client.TelemetryPoint;
import java.io.IOException;

/** Where one tail's events go; each call may block on a slow client, but only the tail's own sender waits. */
interface TailSink {

    void point(TelemetryPoint point) throws IOException;

    /** {@code dropped} points were left out because this tail fell behind. */
    void lagged(long dropped) throws IOException;

    void keepAlive() throws IOException;

    /** The token that opened the tail expired: say so and end the stream. */
    void expired() throws IOException;
}
