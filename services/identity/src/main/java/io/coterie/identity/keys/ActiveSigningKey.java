package io.coterie.identity.keys;

import com.nimbusds.jose.jwk.ECKey;
import io.coterie.api.ProblemType;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import io.coterie.identity.IdentitySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The key this instance signs with: whatever {@link StoreKeys#ACTIVE_KEY} names, cached and kept
 * current by a watch, so every instance switches when any one of them rotates.
 *
 * <p>On start it makes sure there is an active key: if there is none, it proposes one, and the
 * store's compare-and-set lets exactly one of the instances starting together win; the others
 * load the winner's.
 */
@Component
public class ActiveSigningKey implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveSigningKey.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** A key and the store revision at which it became active, so that an older switch never overrides a newer one. */
    private record Current(ECKey key, long revision) {
    }

    private final StoredSigningKeys keys;
    private final ConsensusClient store;
    private final IdentitySettings settings;
    private final KeyWorker worker;
    private final Clock clock;
    private volatile Current current;
    private volatile Watch watch;
    private volatile boolean running;

    ActiveSigningKey(StoredSigningKeys keys, ConsensusClient store, IdentitySettings settings, KeyWorker worker, Clock clock) {
        this.keys = keys;
        this.store = store;
        this.settings = settings;
        this.worker = worker;
        this.clock = clock;
    }

    /** The private key new tokens are signed with. */
    public ECKey key() {
        Current now = current;
        if (now == null) {
            throw new ConsensusException(ProblemType.UNAVAILABLE, "the signing key is not loaded yet");
        }
        return now.key();
    }

    /** A new key with a random kid, made "now" by {@code clock}: its age decides automatic rotation. */
    static ECKey newKey(Clock clock) {
        ECKey key = TokenSigner.newKey(UUID.randomUUID().toString());
        return new ECKey.Builder(key).issueTime(Date.from(clock.instant())).build();
    }

    @Override
    public void start() {
        long deadline = System.nanoTime() + settings.storeStartupTimeout().toNanos();
        while (true) {
            try {
                String proposed = keys.createFirst(newKey(clock));
                running = true;
                follow();
                String kid = key().getKeyID();
                LOG.info("Signing with key {}{}", kid, proposed.equals(kid) ? "" : " (made by another instance)");
                return;
            } catch (ConsensusException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consensus store did not answer within " + settings.storeStartupTimeout()
                            + ": cannot load the signing key (check COTERIE_STORE_MEMBERS)", e);
                }
                LOG.warn("The store is not answering yet ({}); retrying", e.getMessage());
                pause();
            }
        }
    }

    /** Loads the active key and watches for the next switch. */
    private void follow() {
        StoredSigningKeys.ActiveKid active = keys.activeKid();
        use(keys.privateKey(active.kid()), active.modRevision());
        Watch previous = watch;
        watch = store.watch(StoreKeys.ACTIVE_KEY, false, active.readRevision() + 1, new Switches());
        if (previous != null) {
            previous.close();
        }
    }

    private void followLater() {
        worker.schedule(() -> {
            if (!running) {
                return;
            }
            try {
                follow();
            } catch (RuntimeException e) {
                LOG.warn("Could not load the active signing key ({}); trying again", e.getMessage());
                followLater();
            }
        }, RETRY_PAUSE);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store", e);
        }
    }

    /** Starts signing with {@code key}, which became active at {@code revision}, unless a later switch is known. */
    synchronized void use(ECKey key, long revision) {
        Current now = current;
        if (now == null || revision > now.revision()) {
            current = new Current(key, revision);
            if (now != null && !now.key().getKeyID().equals(key.getKeyID())) {
                LOG.info("Now signing with key {} (was {})", key.getKeyID(), now.key().getKeyID());
            }
        }
    }

    private final class Switches implements WatchListener {
        @Override
        public void onEvents(List<WatchEvent> events) {
            events.stream().filter(e -> e.type() == WatchEvent.Type.PUT).reduce((first, last) -> last).ifPresent(event -> {
                String kid = event.kv().valueAsString();
                try {
                    Current now = current;
                    use(now != null && now.key().getKeyID().equals(kid) ? now.key() : keys.privateKey(kid), event.revision());
                } catch (RuntimeException e) {
                    LOG.warn("Could not load signing key {} ({}); trying again", kid, e.getMessage());
                    followLater();
                }
            });
        }

        @Override
        public void onError(ConsensusException error) {
            LOG.warn("The watch on {} ended ({}); starting over", StoreKeys.ACTIVE_KEY, error.getMessage());
            followLater();
        }
    }

    @Override
    public void stop() {
        running = false;
        Watch active = watch;
        if (active != null) {
            active.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts taking requests, which need a key to sign with. */
    @Override
    public int getPhase() {
        return 0;
    }
}
