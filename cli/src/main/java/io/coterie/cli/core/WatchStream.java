package io.coterie.cli.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Server-Sent Events watch that survives dropped connections: it reconnects with
 * {@code Last-Event-ID} (or the last revision printed) and lets {@link WatchProgress} drop what was
 * printed already, so nothing is missed or repeated. {@link Reconnection} paces the reconnects
 * and decides when to give up.
 */
public final class WatchStream {

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
        Reconnection reconnection = new Reconnection(err, "watch");
        while (true) {
            InputStream stream;
            try {
                stream = api.openStream(path, query(), headers());
            } catch (CliException e) {
                reconnection.failed(e);
                continue;
            }
            reconnection.connected();
            if (follow(stream, count, decoder)) {
                return;
            }
            reconnection.ended("resuming after "
                    + (progress.lastEventId() == null ? "the last event" : "revision " + progress.lastEventId()));
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


}
