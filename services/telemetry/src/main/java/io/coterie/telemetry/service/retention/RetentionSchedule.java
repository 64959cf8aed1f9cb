package io.coterie.telemetry.service.retention;

import io.coterie.telemetry.service.TelemetrySettings;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Runs the retention job at startup and then every {@code maintenance-interval}. */
@Component
class RetentionSchedule implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

    private final RetentionJob job;
    private final TelemetrySettings settings;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    RetentionSchedule(JdbcClient db, TelemetrySettings settings, Clock clock) {
        this.job = new RetentionJob(db, settings.retention(), settings.partitionsAhead());
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "telemetry-retention");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::runOnce, 0, settings.maintenanceInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            RetentionJob.Outcome outcome = job.run(clock.instant());
            LOG.info("Retention ({}): {}", settings.retention(), outcome);
        } catch (RuntimeException e) {
            LOG.warn("Retention failed; the next run tries again: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }
}
