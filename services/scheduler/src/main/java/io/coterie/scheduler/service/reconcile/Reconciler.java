package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Watch;
import io.coterie.ids.IdRangeAllocator;
import io.coterie.ids.StoreIdCounter;
import io.coterie.scheduler.service.SchedulerSettings;
import io.coterie.scheduler.service.leadership.LeadershipListener;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.SchedulerKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The leader's loop: while this instance leads, a pass runs whenever a host or a job changes
 * (watches on {@code sys/sched/hosts/} and {@code sys/sched/jobs/}) and every
 * {@code reconcile-every} besides. Passes run one at a time on one thread; changes that arrive
 * during a pass queue at most one more. A pass that met a changed store starts again at once,
 * backing off if that keeps happening.
 */
@Component
public class Reconciler implements LeadershipListener, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final BlockingStore store;
    private final SchedulerSettings settings;
    private final ReconcilePass pass;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "scheduler-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long leadingWith;
    private volatile PassReport lastPass;
    /** Guarded by {@code this}. */
    private final List<Watch> watches = new ArrayList<>();
    private ScheduledFuture<?> periodic;
    /** Confined to the reconciler thread. */
    private int failuresInARow;

    public Reconciler(BlockingStore store, SchedulerSettings settings) {
        this.store = store;
        this.settings = settings;
        IdRangeAllocator pids = new IdRangeAllocator(new StoreIdCounter(store.client(), settings.storeTimeout()), settings.pidBlockSize());
        this.pass = new ReconcilePass(store, new Pids(pids));
    }

    public Optional<PassReport> lastPass() {
        return Optional.ofNullable(lastPass);
    }

    @Override
    public synchronized void lead(long fencingToken) {
        leadingWith = fencingToken;
        lastPass = null;
        for (String prefix : List.of(SchedulerKeys.HOSTS, SchedulerKeys.JOBS)) {
            watches.add(store.client().watch(prefix, true, 0, events -> trigger()));
        }
        long every = settings.reconcileEvery().toMillis();
        periodic = thread.scheduleWithFixedDelay(this::trigger, every, every, TimeUnit.MILLISECONDS);
        trigger();
    }

    @Override
    public synchronized void follow() {
        leadingWith = 0;
        watches.forEach(Watch::close);
        watches.clear();
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
    }

    /** Asks for a pass; one already queued covers this request too. */
    void trigger() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(this::runPass);
        }
    }

    private void runPass() {
        queued.set(false);
        long token = leadingWith;
        if (token == 0) {
            return;
        }
        try {
            PassReport report = pass.run(token);
            lastPass = report;
            failuresInARow = 0;
            if (report.placed() + report.lost() + report.removed() + report.preempted() > 0) {
                LOG.info("Pass done in {} ms: {} placed, {} preempted, {} pending, {} lost, {} removed", report.durationMillis(),
                        report.placed(), report.preempted(), report.pending(), report.lost(), report.removed());
            }
        } catch (StaleViewException e) {
            LOG.debug("Pass ended early: {}", e.getMessage());
            retrySoon();
        } catch (RuntimeException e) {
            LOG.warn("Pass failed (will retry): {}", e.toString());
            retrySoon();
        }
    }

    /** At once the first two times in a row, then backing off, so a store that keeps refusing is not hammered. */
    private void retrySoon() {
        failuresInARow++;
        if (failuresInARow <= 2) {
            trigger();
        } else {
            long delay = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(failuresInARow - 2, 5));
            thread.schedule(this::trigger, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        follow();
        thread.shutdownNow();
    }
}
