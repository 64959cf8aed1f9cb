package io.coterie.cli.core;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Renews something with a TTL over and over (or once, with {@code --once}), one line per renewal.
 * A renewal that fails for a reason that may pass (no quorum, the server away) is tried again at
 * the next interval; anything else (the lease or session is gone) ends the command with exit 1.
 */
public abstract class KeepaliveCommand extends DataCommand {

    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between renewals (default: a third of the TTL).")
    Duration interval;

    @Option(names = "--once", description = "Renew once and exit.")
    boolean once;

    /** Renews once and prints its line; answers the TTL in seconds. */
    protected abstract long renew();

    @Override
    protected final void run() throws InterruptedException {
        if (interval != null && interval.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new UsageException("--interval must be at least " + Durations.format(SHORTEST_INTERVAL));
        }
        long ttlSeconds = renew();
        if (once) {
            return;
        }
        Duration every = interval != null ? interval : defaultInterval(ttlSeconds);
        while (true) {
            Thread.sleep(every.toMillis());
            try {
                renew();
            } catch (ProblemException e) {
                if (!e.retryable()) {
                    throw e;
                }
                err().println("coterie: " + e.getMessage() + "; trying again in " + Durations.format(every));
            } catch (CliException e) {
                // The server may come back before the TTL runs out; if it does not, it answers not-found.
                err().println("coterie: " + e.getMessage() + "; trying again in " + Durations.format(every));
            }
        }
    }

    public static Duration defaultInterval(long ttlSeconds) {
        Duration third = Duration.ofMillis(ttlSeconds * 1000 / 3);
        return third.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL : third;
    }

    /** Prints one renewal's line and flushes it, so a pipe sees it at once. */
    protected void printLine(String line) {
        out().println(line);
        out().flush();
    }
}
