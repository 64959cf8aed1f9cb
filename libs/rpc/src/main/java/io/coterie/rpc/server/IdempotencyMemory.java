package io.coterie.rpc.server;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workload's memory of idempotency keys (docs/rpc.md): per (subject, key), the SHA-256 of the
 * request and, once the call ran, its answer. The first call with a key runs; a duplicate that
 * arrives while it runs waits for it (up to the duplicate's own deadline); one that arrives after
 * gets the remembered answer; the same key with another request is refused. Calls that did not run
 * (rejections) are forgotten, so the key starts afresh. Keys live for the retention and the oldest
 * go first once there are too many. In memory only: a restart forgets everything.
 */
public final class IdempotencyMemory {

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final Duration retention;
    private final int maxKeys;
    private final InstantSource clock;
    /** Insertion order is age order, so the oldest entries are at the head. Guarded by itself. */
    private final LinkedHashMap<Scope, Entry> entries = new LinkedHashMap<>();

    private record Scope(String subject, String key) {
    }

    /** {@code done} completes with the answer, or with null when the call did not run and the key was let go. */
    private record Entry(byte[] requestSha256, Instant createdAt, CompletableFuture<RpcAnswer> done) {
    }

    public IdempotencyMemory() {
        this(DEFAULT_RETENTION, DEFAULT_MAX_KEYS, InstantSource.system());
    }

    public IdempotencyMemory(Duration retention, int maxKeys, InstantSource clock) {
        if (retention.isNegative() || retention.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("retention must be positive and maxKeys at least 1");
        }
        this.retention = retention;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** What a call with a key does next. */
    public sealed interface Claim permits First, Remembered, Reused, StillRunning {
    }

    /** The answer of the call that ran with this key: send it again. */
    public record Remembered(RpcAnswer answer) implements Claim {
    }

    /** The key was used for a different request: 422. */
    public record Reused() implements Claim {
    }

    /** The first call with this key was still running when this one's deadline came: 504, outcome unknown. */
    public record StillRunning() implements Claim {
    }

    /** This call is the first with its key: run it, then {@link #finish} it (always, or duplicates wait in vain). */
    public final class First implements Claim {
        private final Scope scope;
        private final Entry entry;
        private boolean finished;

        private First(Scope scope, Entry entry) {
            this.scope = scope;
            this.entry = entry;
        }

        /** Remembers the answer if the call ran, else lets the key go; wakes the duplicates either way. */
        public void finish(RpcAnswer answer) {
            if (finished) {
                throw new IllegalStateException("a claim is finished once");
            }
            finished = true;
            if (answer.ran()) {
                entry.done().complete(answer);
            } else {
                release();
            }
        }

        /** Lets the key go without an answer (the call did not run): a later call runs afresh. */
        public void release() {
            finished = true;
            synchronized (entries) {
                entries.remove(scope, entry);
            }
            entry.done().complete(null);
        }
    }

    /**
     * Claims {@code key} for {@code subject}'s request, waiting for a running first call with the
     * same key until {@code deadlineNanos} (on {@link System#nanoTime()}'s scale).
     */
    public Claim claim(String subject, String key, byte[] requestSha256, long deadlineNanos) throws InterruptedException {
        Scope scope = new Scope(subject, key);
        while (true) {
            Entry existing;
            synchronized (entries) {
                Instant now = clock.instant();
                forgetOld(now);
                existing = entries.get(scope);
                if (existing == null) {
                    Entry fresh = new Entry(requestSha256.clone(), now, new CompletableFuture<>());
                    entries.put(scope, fresh);
                    forgetBeyondCapacity();
                    return new First(scope, fresh);
                }
            }
            if (!MessageDigest.isEqual(existing.requestSha256(), requestSha256)) {
                return new Reused();
            }
            RpcAnswer answer;
            try {
                answer = existing.done().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return new StillRunning();
            } catch (ExecutionException e) {
                throw new IllegalStateException("remembered answers never fail", e);
            }
            if (answer != null) {
                return new Remembered(answer);
            }
            // The first call did not run after all and let the key go: claim it again.
        }
    }

    /** How many keys are remembered (running or done). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void forgetOld(Instant now) {
        Instant cutoff = now.minus(retention);
        Iterator<Map.Entry<Scope, Entry>> oldestFirst = entries.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            if (oldestFirst.next().getValue().createdAt().isAfter(cutoff)) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private void forgetBeyondCapacity() {
        Iterator<Map.Entry<Scope, Entry>> oldestFirst = entries.entrySet().iterator();
        while (entries.size() > maxKeys && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
