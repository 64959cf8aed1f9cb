package io.coterie.cli.kv;

import io.coterie.api.kv.WatchEventView;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.ProblemException;
import io.coterie.cli.core.SseEvent;
import io.coterie.cli.core.SseParser;
import io.coterie.cli.core.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.coterie.cli.core.UrlEncoding.params;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Prints one line per change under a prefix as it happens, until Ctrl-C.",
        footer = {"", "Lines: 'PUT key=value rev=N' or 'DELETE key rev=N'; with -o json, one JSON object per line.",
                "A dropped stream is resumed from the last event seen, so nothing is missed or repeated."})
public final class KvWatch extends DataCommand {

    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
            description = "Watch keys starting with this (empty, the default: every key); with --key, exactly this key.")
    String prefix = "";

    @Option(names = "--key", description = "Watch exactly the key given instead of a prefix.")
    boolean exactKey;

    @Option(names = "--from-revision", paramLabel = "N",
            description = "Start with the changes at revision N (default: the next write).")
    Long fromRevision;

    @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N events.")
    Long count;

    private long printed;

    @Override
    protected void run() throws InterruptedException {
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1");
        }
        if (exactKey) {
            KeyPaths.of(prefix);
        } else {
            KeyPaths.checkPrefix(prefix);
        }
        WatchProgress progress = new WatchProgress(fromRevision);
        boolean everConnected = false;
        long downSinceNanos = 0;
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            InputStream stream;
            try {
                stream = api().openStream("/v1/watch", query(progress), streamHeaders(progress));
            } catch (ProblemException e) {
                if (!everConnected || !e.retryable()) {
                    throw e;
                }
                downSinceNanos = giveUpIfTooLong(downSinceNanos, e);
                backoff = pause(backoff);
                continue;
            } catch (CliException e) {
                if (!everConnected) {
                    throw e;
                }
                downSinceNanos = giveUpIfTooLong(downSinceNanos, e);
                backoff = pause(backoff);
                continue;
            }
            everConnected = true;
            downSinceNanos = 0;
            backoff = Duration.ofMillis(200);
            if (follow(stream, progress)) {
                return;
            }
            err().println("coterie: the watch stream ended; resuming after "
                    + (progress.lastEventId() == null ? "the last event" : "revision " + progress.lastEventId()));
            Thread.sleep(100);
        }
    }

    /** Prints the stream's events until it ends; true once --count events are out. */
    private boolean follow(InputStream stream, WatchProgress progress) {
        progress.connected();
        SseParser parser = new SseParser();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<SseEvent> event = parser.line(line);
                if (event.isPresent() && deliver(event.get(), progress)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // A dropped connection: the caller resumes.
        }
        return false;
    }

    private boolean deliver(SseEvent event, WatchProgress progress) {
        WatchEventView view;
        try {
            view = Json.mapper().readValue(event.data(), WatchEventView.class);
        } catch (RuntimeException notAChange) {
            return false;
        }
        if (view.key() == null || view.type() == null) {
            return false;
        }
        if (!progress.accept(view.revision(), event.id())) {
            return false;
        }
        out().println(json() ? KvFormat.watchJson(view) : KvFormat.watchLine(view));
        out().flush();
        printed++;
        return count != null && printed >= count;
    }

    private Map<String, ?> query(WatchProgress progress) {
        Map<String, Object> query = new LinkedHashMap<>(params(exactKey ? "key" : "prefix", prefix));
        query.put("fromRevision", progress.fromRevision());
        return query;
    }

    private static Map<String, String> streamHeaders(WatchProgress progress) {
        Map<String, String> headers = new HashMap<>(progress.resumeHeaders());
        headers.put("Accept", "text/event-stream");
        return headers;
    }

    private long giveUpIfTooLong(long downSinceNanos, CliException e) {
        long now = System.nanoTime();
        if (downSinceNanos == 0) {
            err().println("coterie: the watch stream is gone (" + e.getMessage() + "); reconnecting");
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
