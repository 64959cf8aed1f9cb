package io.coterie.robot;

import io.coterie.telemetry.client.Measurement;
import io.coterie.telemetry.client.TelemetryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the robot's speed and position as telemetry of its source, read at the same instant,
 * every interval. Recording never waits for Kafka (the client spools), so a broker outage delays
 * points but never the robot.
 */
final class TelemetryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPublisher.class);
    private static final Map<String, String> SPEED_LABELS = Map.of("unit", "m/s");
    private static final Map<String, String> POSITION_LABELS = Map.of("unit", "m");

    private final Robot robot;
    private final String source;
    private final TelemetryClient telemetry;
    private final ScheduledExecutorService timer;

    TelemetryPublisher(Robot robot, String source, TelemetryClient telemetry, Duration interval) {
        this.robot = robot;
        this.source = source;
        this.telemetry = telemetry;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "robot-telemetry");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One reading, as the measurements it is published as. */
    static List<Measurement> measurements(String source, Robot.Reading reading) {
        return List.of(new Measurement(source, "speed", reading.speed(), SPEED_LABELS),
                new Measurement(source, "position", reading.position(), POSITION_LABELS));
    }

    private void publish() {
        try {
            telemetry.recordAll(measurements(source, robot.read()));
        } catch (RuntimeException e) {
            // A full disk or a closing client: skip this reading, keep the schedule.
            LOG.warn("Could not record telemetry of {}: {}", source, e.toString());
        }
    }

    /** Stops publishing and flushes what was recorded (for at most the client's close timeout). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        telemetry.close();
    }
}
