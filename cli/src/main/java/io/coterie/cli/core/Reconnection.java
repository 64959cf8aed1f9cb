package io.coterie.cli.core;

import java.io.PrintStream;
import java.time.Duration;

/**
 * How a stream that reconnects paces itself: pauses doubling from 200 ms to 5 s, and giving up
 * after {@link #GIVE_UP_AFTER} without a connection. A first connection that fails, or an answer
 * that retrying cannot mend (403, 410 compacted, ...), fails at once.
 */
public final class Reconnection {

    public static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final PrintStream err;
    private final String what;
    private Duration backoff = FIRST_BACKOFF;
    private boolean everConnected;
    private long downSinceNanos;

    /** {@code what} names the stream in messages: "watch", "tail". */
    public Reconnection(PrintStream err, String what) {
        this.err = err;
        this.what = what;
    }

    public void connected() {
        everConnected = true;
        downSinceNanos = 0;
        backoff = FIRST_BACKOFF;
    }

    /** A connection attempt failed: rethrows {@code failure} when retrying cannot help, else waits before the next attempt. */
    public void failed(CliException failure) throws InterruptedException {
        boolean mendable = !(failure instanceof ProblemException problem) || problem.retryable();
        if (!everConnected || !mendable) {
            throw failure;
        }
        long now = System.nanoTime();
        if (downSinceNanos == 0) {
            err.println("coterie: the " + what + " stream is gone (" + failure.getMessage() + "); reconnecting");
            downSinceNanos = now;
        } else if (now - downSinceNanos > GIVE_UP_AFTER.toNanos()) {
            throw new CliException("gave up reconnecting the " + what + " after " + GIVE_UP_AFTER.toSeconds() + "s: "
                    + failure.getMessage(), failure);
        }
        pause();
    }

    /** The stream ended by itself: says so ({@code next}: what happens now) and waits before reconnecting. */
    public void ended(String next) throws InterruptedException {
        err.println("coterie: the " + what + " stream ended; " + next);
        pause();
    }

    private void pause() throws InterruptedException {
        Thread.sleep(backoff.toMillis());
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
}
