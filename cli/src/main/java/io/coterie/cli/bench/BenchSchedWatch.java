package io.coterie.cli.bench;

import io.coterie.api.kv.WatchEventView;
import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.ProblemException;
import io.coterie.cli.core.SseEvent;
import io.coterie.cli.core.SseParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the store for the run's replica keys ({@code sys/sched/replicas/JOB/INDEX}, written by
 * the scheduler in the transaction that places the replica) and reports each to the
 * {@link BenchSchedPlacements} the moment its event arrives. A dropped stream is resumed from the
 * revision after the last one completed (events seen twice are ignored there); an answer that
 * retrying cannot mend (410 compacted, 403), or ten failed reconnections in a row, ends the
 * watch with {@link #failure()} set, and the caller falls back to polling.
 */
final class BenchSchedWatch implements Runnable {

    static final String REPLICAS = "sys/sched/replicas/";
    private static final int MAX_FAILURES_IN_A_ROW = 10;

    private final ApiClient api;
    private final String prefix;
    private final BenchSchedPlacements placements;
    private volatile long nextRevision;
    private volatile boolean stopped;
    private volatile String failure;
    private volatile InputStream stream;
    private int failuresInARow;

    /** @param jobPrefix the run's job names start with it; {@code fromRevision}: the first revision to hear */
    BenchSchedWatch(ApiClient api, String jobPrefix, BenchSchedPlacements placements, long fromRevision) {
        this.api = api;
        this.prefix = REPLICAS + jobPrefix;
        this.placements = placements;
        this.nextRevision = fromRevision;
    }

    /** Why the watch gave up, or null while it runs (or after {@link #stop()}). */
    String failure() {
        return failure;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                InputStream in = api.openStream("/v1/watch", Map.of("prefix", prefix, "fromRevision", nextRevision),
                        Map.of("Accept", "text/event-stream"));
                stream = in;
                if (stopped) {
                    close(in);
                    return;
                }
                follow(in);
            } catch (ProblemException e) {
                if (!e.retryable()) {
                    failure = e.getMessage();
                    return;
                }
                failuresInARow++;
            } catch (CliException | IOException e) {
                failuresInARow++;
            }
            if (stopped) {
                return;
            }
            if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                failure = "the watch of " + prefix + " failed " + failuresInARow + " times in a row";
                return;
            }
            try {
                Thread.sleep(200L * failuresInARow);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void follow(InputStream in) throws IOException {
        SseParser parser = new SseParser();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!stopped && (line = reader.readLine()) != null) {
                Optional<SseEvent> event = parser.line(line);
                if (event.isPresent()) {
                    deliver(event.get(), System.nanoTime());
                }
            }
        }
        failuresInARow++;
    }

    private void deliver(SseEvent event, long nanos) {
        if (!"put".equals(event.type())) {
            return;
        }
        WatchEventView change;
        try {
            change = Json.read(event.data().getBytes(StandardCharsets.UTF_8), WatchEventView.class);
        } catch (RuntimeException notAnEvent) {
            return;
        }
        failuresInARow = 0;
        if (change.key() != null && change.key().startsWith(REPLICAS)) {
            placements.placed(change.key().substring(REPLICAS.length()), nanos);
        }
        // Resume within a revision whose last event (the one with the id) has not come yet: its events come again and are ignored.
        nextRevision = Math.max(nextRevision, event.id() != null ? change.revision() + 1 : change.revision());
    }

    /** Ends the watch: the stream is closed under the reading thread. */
    void stop() {
        stopped = true;
        InputStream in = stream;
        if (in != null) {
            close(in);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing is all we wanted.
        }
    }
}
