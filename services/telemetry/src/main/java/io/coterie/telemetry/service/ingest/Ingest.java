package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.service.TelemetrySettings;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the ingest thread while the application runs: started after the schema is migrated,
 * stopped before the database pool closes (a stop mid-batch rolls that batch back, to be read
 * again by whoever gets the partition next).
 */
@Component
public class Ingest implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    private static final long STOP_WAIT_SECONDS = 15;

    private final TelemetrySettings settings;
    private final Admin admin;
    private final DataSource database;
    private final StoredOffsets storedOffsets;
    private final IngestCounters counters;
    private final CommittedPoints listeners;
    private final Clock clock;
    private volatile IngestLoop loop;
    private volatile Thread thread;

    Ingest(TelemetrySettings settings, Admin admin, DataSource database, StoredOffsets storedOffsets, IngestCounters counters,
           CommittedPoints listeners, Clock clock) {
        this.settings = settings;
        this.admin = admin;
        this.database = database;
        this.storedOffsets = storedOffsets;
        this.counters = counters;
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        loop = new IngestLoop(settings, admin, new PointWriter(database), storedOffsets, counters, listeners, clock);
        thread = new Thread(loop, "telemetry-ingest");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The ingest thread did not stop within {} s; its batch, if any, rolls back with the connection",
                    STOP_WAIT_SECONDS);
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** The loop's state; STOPPED once its thread has ended, however it ended. */
    public String state() {
        Thread running = thread;
        IngestLoop current = loop;
        return current == null || running == null || !running.isAlive() ? "STOPPED" : current.state().name();
    }

    public boolean consuming() {
        String state = state();
        return state.equals(IngestLoop.State.RUNNING.name()) || state.equals(IngestLoop.State.RETRYING.name());
    }

    public String lastFailure() {
        IngestLoop current = loop;
        return current == null ? null : current.lastFailure();
    }

    public List<Integer> assignedPartitions() {
        IngestLoop current = loop;
        return current == null ? List.of() : current.assignedPartitions();
    }
}
