package io.coterie.telemetry.service.tail;

import io.coterie.api.ProblemType;
import io.coterie.service.ApiException;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.service.TelemetrySettings;
import io.coterie.telemetry.service.ingest.CommittedPoints;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands committed points to the tails of their source. The number of tails is capped, and so is
 * each one's buffer, so neither many clients nor slow ones can hold up ingest or exhaust memory.
 */
@Component
public class TailHub implements CommittedPoints, DisposableBean {

    private final int bufferSize;
    private final int maxTails;
    private final Duration keepAlive;
    private final ConcurrentHashMap<String, Set<TailSubscription>> bySource = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** One thread per tail that is sending at the moment; a stuck client holds one, never another tail's. */
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService timers;

    TailHub(TelemetrySettings settings) {
        this.bufferSize = settings.tailBuffer();
        this.maxTails = settings.maxTailStreams();
        this.keepAlive = settings.tailKeepAlive();
        // A little room over the cap: a closed tail's last send may still be finishing while a new tail starts.
        this.senders = new ThreadPoolExecutor(0, maxTails + 16, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons("telemetry-tail"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemons("telemetry-tail-timer"));
    }

    /**
     * Opens a tail of {@code source} (one metric, or all when {@code metric} is null) until the
     * client leaves or {@code until} passes; 503 when this instance serves its maximum already.
     */
    TailSubscription open(String source, String metric, TailSink sink, Optional<Instant> until) {
        if (open.incrementAndGet() > maxTails) {
            open.decrementAndGet();
            throw new ApiException(ProblemType.UNAVAILABLE, "this instance serves at most " + maxTails
                    + " tail streams at once; try again later");
        }
        TailSubscription tail = new TailSubscription(source, metric, bufferSize, senders, sink);
        ScheduledFuture<?> pings = timers.scheduleAtFixedRate(tail::keepAlive, keepAlive.toMillis(), keepAlive.toMillis(),
                TimeUnit.MILLISECONDS);
        Optional<ScheduledFuture<?>> expiry = until.map(end -> timers.schedule(tail::expire,
                Math.max(0, Duration.between(Instant.now(), end).toMillis()), TimeUnit.MILLISECONDS));
        tail.onClose(() -> {
            pings.cancel(false);
            expiry.ifPresent(task -> task.cancel(false));
            bySource.computeIfPresent(source, (s, tails) -> {
                tails.remove(tail);
                return tails.isEmpty() ? null : tails;
            });
            open.decrementAndGet();
        });
        bySource.compute(source, (s, tails) -> {
            Set<TailSubscription> updated = tails == null ? ConcurrentHashMap.newKeySet() : tails;
            updated.add(tail);
            return updated;
        });
        return tail;
    }

    @Override
    public boolean listening() {
        return open.get() > 0;
    }

    @Override
    public void committed(List<TelemetryPoint> points) {
        Set<TailSubscription> touched = new HashSet<>();
        for (TelemetryPoint point : points) {
            Set<TailSubscription> tails = bySource.get(point.source());
            if (tails != null) {
                for (TailSubscription tail : tails) {
                    tail.offer(point);
                    touched.add(tail);
                }
            }
        }
        touched.forEach(TailSubscription::flush);
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
        senders.shutdownNow();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
