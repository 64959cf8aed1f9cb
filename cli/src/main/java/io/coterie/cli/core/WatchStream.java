package io.coterie.cli.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Server-Sent Events watch that survives dropped connections: it reconnects with
 * {@code Last-Event-ID} (or the last revision printed) and lets {@link WatchProgress} drop what was
 * printed already, so nothing is missed or repeated. It gives up after {@link #GIVE_UP_AFTER}
 * without a connection; a first connection that fails, or an answer that retrying cannot mend
 * (410 compacted, 403, ...), fails at once.
 */
public final class WatchStream {

    public static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** One change to print: its revision (for resuming) and the line that shows it. */
    public record Change(long revision, String line) {
    }

    /** Turns an event into the change it announces, or null for an event that is no change. */
    @FunctionalInterface
    public interface Decoder {
        Change decode(SseEvent event);
    }

    private final ApiClient api;
    private final PrintStream out;
    private final PrintStream err;
    private final String path;
    private final Map<String, ?> query;
    private final WatchProgress progress;
    private long printed;

    /** {@code query} selects what to watch; {@code fromRevision} is added to it until the server names a resume point. */
    public WatchStream(ApiClient api, CliContext context, String path, Map<String, ?> query, Long fromRevision) {
        this.api = api;
        this.out = context.out();
        this.err = context.err();
        this.path = path;
        this.query = query;
        this.progress = new WatchProgress(fromRevision);
    }

    /** Prints changes until {@code count} are out (null: until interrupted). */
    public void run(Long count, Decoder decoder) throws InterruptedException {
        boolean everConnected = false;
        long downSinceNanos = 0;
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            InputStream stream;
            try {
                stream = api.openStream(path, query(), headers());
            } catch (CliException e) {
                boolean mendable = !(e instanceof ProblemException problem) || problem.retryable();
                if (!everConnected || !mendable) {
                    throw e;
                }
                downSinceNanos = giveUpIfTooLong(downSinceNanos, e);
                backoff = pause(backoff);
                continue;
            }
            everConnected = true;
            downSinceNanos = 0;
            backoff = FIRST_BACKOFF;
            if (follow(stream, count, decoder)) {
                return;
            }
            err.println("coterie: the watch stream ended; resuming after "
                    + (progress.lastEventId() == null ? "the last event" : "revision " + progress.lastEventId()));
            backoff = pause(backoff);
        }
    }

    /** Prints the stream's changes until it ends; true once {@code count} are out. */
    private boolean follow(InputStream stream, Long count, Decoder decoder) {
        progress.connected();
        SseParser parser = new SseParser();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<SseEvent> event = parser.line(line);
                if (event.isPresent() && deliver(event.get(), count, decoder)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // A dropped connection: the caller resumes.
        }
        return false;
    }

    private boolean deliver(SseEvent event, Long count, Decoder decoder) {
        Change change;
        try {
            change = decoder.decode(event);
        } catch (RuntimeException notAChange) {
            return false;
        }
        if (change == null || !progress.accept(change.revision(), event.id())) {
            return false;
        }
        out.println(change.line());
        out.flush();
        printed++;
        return count != null && printed >= count;
    }

    private Map<String, ?> query() {
        Map<String, Object> withStart = new LinkedHashMap<>(query);
        withStart.put("fromRevision", progress.fromRevision());
        return withStart;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>(progress.resumeHeaders());
        headers.put("Accept", "text/event-stream");
        return headers;
    }

    private long giveUpIfTooLong(long downSinceNanos, CliException e) {
        long now = System.nanoTime();
        if (downSinceNanos == 0) {
            err.println("coterie: the watch stream is gone (" + e.getMessage() + "); reconnecting");
            return now;
        }
        if (now - downSinceNanos > GIVE_UP_AFTER.toNanos()) {
            throw new CliException("gave up reconnecting the watch after " + GIVE_UP_AFTER.toSeconds() + "s: " + e.getMessage(), e);
        }
        return downSinceNanos;
    }

    private static Duration pause(Duration backoff) throws InterruptedException {
        Thread.sleep(backoff.toMillis());
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
