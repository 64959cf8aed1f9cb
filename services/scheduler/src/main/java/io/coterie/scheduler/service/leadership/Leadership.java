package io.coterie.scheduler.service.leadership;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Lease;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.scheduler.service.SchedulerSettings;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.LeaderRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Leader election through {@code sys/sched/leader}: put-if-absent under this instance's lease,
 * renewed every {@code leader-renew-every}. The key's create revision is the fencing token every
 * write of the leader compares, so a deposed leader (paused, partitioned, or just slow to notice)
 * cannot change anything. A leader that cannot renew for a whole TTL, or sees the key change,
 * stops leading; one that shuts down revokes its lease, so a successor takes over at once rather
 * than one TTL later. Everything here runs on one thread.
 */
@Component
public class Leadership implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** Resigning on shutdown is a courtesy: the lease runs out by itself if the store does not answer. */
    private static final Duration RESIGN_TIMEOUT = Duration.ofSeconds(3);

    private final BlockingStore store;
    private final SchedulerSettings settings;
    private final ApplicationContext application;
    private final Environment environment;
    private final ObjectProvider<LeadershipListener> listeners;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "scheduler-leadership");
        t.setDaemon(true);
        return t;
    });

    private volatile SchedulerInstance self;
    /** The fencing token while leading, 0 while not. */
    private volatile long token;
    private volatile long lastContactNanos;
    private volatile boolean running;
    /** Confined to the leadership thread. */
    private long lease;
    private long lastRenewalNanos;
    private Watch watch;

    public Leadership(BlockingStore store, SchedulerSettings settings, ApplicationContext application, Environment environment,
                      ObjectProvider<LeadershipListener> listeners) {
        this.store = store;
        this.settings = settings;
        this.application = application;
        this.environment = environment;
        this.listeners = listeners;
    }

    /** The fencing token while this instance leads, 0 otherwise. */
    public long token() {
        return token;
    }

    public boolean leads(long fencingToken) {
        return fencingToken != 0 && token == fencingToken;
    }

    public Optional<SchedulerInstance> self() {
        return Optional.ofNullable(self);
    }

    /** Whether the store answered the leadership loop within the last TTL. */
    public boolean storeAnswers() {
        return lastContactNanos != 0 && System.nanoTime() - lastContactNanos < settings.leaderTtl().toNanos();
    }

    /** After the web server (its port names the instance), like the self-registration. */
    @Override
    public void start() {
        self = SchedulerInstance.resolve(settings, environment, port());
        running = true;
        watch = store.client().watch(SchedulerKeys.LEADER, false, 0, events -> thread.execute(() -> onEvents(events)));
        thread.scheduleWithFixedDelay(this::tick, 0, settings.leaderRenewEvery().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Scheduler instance {} at {} started ({})", self.id(), self.address(),
                settings.campaign() ? "campaigning for leadership" : "API only, never leads");
    }

    @Override
    public void stop() {
        running = false;
        Future<?> resigned = thread.submit(this::resign);
        try {
            resigned.get(RESIGN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not resign cleanly; the leader key goes when its lease runs out: {}", e.getMessage());
        }
        if (watch != null) {
            watch.close();
        }
        thread.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private int port() {
        if (application instanceof WebServerApplicationContext context && context.getWebServer() != null) {
            return context.getWebServer().getPort();
        }
        return environment.getProperty("server.port", Integer.class, 7600);
    }

    /** A failure here must not escape: it would cancel the periodic task for good. */
    private void tick() {
        try {
            if (token != 0) {
                renew();
            } else if (settings.campaign()) {
                campaign();
            } else {
                store.get(SchedulerKeys.LEADER);
                contact();
            }
        } catch (RuntimeException e) {
            LOG.warn("Leadership round failed (will retry in {} ms): {}", settings.leaderRenewEvery().toMillis(), e.getMessage());
        }
    }

    private void renew() {
        try {
            store.await(store.client().keepAlive(lease));
            lastRenewalNanos = System.nanoTime();
            contact();
        } catch (ConsensusException.LeaseNotFound e) {
            stepDown("the leader lease expired");
        } catch (ConsensusException e) {
            if (System.nanoTime() - lastRenewalNanos >= settings.leaderTtl().toNanos()) {
                stepDown("the leader lease could not be renewed for " + settings.leaderTtl().toSeconds() + " s");
            } else {
                LOG.warn("Could not renew the leader lease ({}); trying again", e.getMessage());
            }
        }
    }

    private void campaign() {
        Optional<KeyValue> current = store.get(SchedulerKeys.LEADER);
        contact();
        if (current.isPresent()) {
            return;
        }
        Lease granted = store.await(store.client().grantLease(settings.leaderTtl()));
        LeaderRecord record = new LeaderRecord(self.id(), self.address(), Instant.now().toString());
        TxnResult result;
        try {
            result = store.txn(Txn.builder()
                    .when(Compare.absent(SchedulerKeys.LEADER))
                    .then(Op.put(SchedulerKeys.LEADER, StoreJson.encode(record), granted.id()))
                    .build());
        } catch (RuntimeException e) {
            revokeQuietly(granted.id());
            throw e;
        }
        if (!result.succeeded()) {
            revokeQuietly(granted.id());
            return;
        }
        lease = granted.id();
        lastRenewalNanos = System.nanoTime();
        // The transaction's revision is the one that created the key: its create revision.
        token = result.revision();
        LOG.info("Instance {} leads the scheduler with fencing token {}", self.id(), token);
        listeners.forEach(listener -> listener.lead(token));
    }

    /** The key changed under a leader (lease expired, or deleted by hand): someone else may lead now. */
    private void onEvents(List<WatchEvent> events) {
        for (WatchEvent event : events) {
            long current = token;
            if (current != 0 && event.revision() > current
                    && (event.type() == WatchEvent.Type.DELETE || event.kv().createRevision() != current)) {
                stepDown("the leader key changed at revision " + event.revision());
            }
        }
        if (token == 0 && running && settings.campaign() && events.stream().anyMatch(e -> e.type() == WatchEvent.Type.DELETE)) {
            tick();
        }
    }

    private void stepDown(String reason) {
        LOG.warn("Instance {} stops leading (fencing token {}): {}", self.id(), token, reason);
        token = 0;
        listeners.forEach(LeadershipListener::follow);
        revokeQuietly(lease);
        lease = 0;
    }

    private void resign() {
        if (token != 0) {
            LOG.info("Instance {} resigns the scheduler leadership (fencing token {})", self.id(), token);
            token = 0;
            listeners.forEach(LeadershipListener::follow);
            revokeQuietly(lease);
            lease = 0;
        }
    }

    private void revokeQuietly(long id) {
        if (id == 0) {
            return;
        }
        try {
            StoreCalls.await(store.client().revokeLease(id), RESIGN_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("Could not revoke lease {}: {}", id, e.getMessage());
        }
    }

    private void contact() {
        lastContactNanos = System.nanoTime();
    }
}
