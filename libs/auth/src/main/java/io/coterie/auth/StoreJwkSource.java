package io.coterie.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import io.coterie.consensus.client.Consistency;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public signing keys, as the store holds them ({@link StoreKeys#JWKS}), for verifying tokens.
 * A watch keeps them current as keys rotate; a token signed by a key not seen yet triggers one
 * re-read (at most once a second), so a fresh key is usable before the watch reports it.
 */
public final class StoreJwkSource implements JWKSource<SecurityContext>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreJwkSource.class);
    private static final long RELOAD_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ConsensusClient store;
    private volatile JWKSet keys = new JWKSet();
    private volatile long lastLoad = System.nanoTime() - RELOAD_PAUSE_NANOS;
    private volatile Watch watch;

    public StoreJwkSource(ConsensusClient store) {
        this.store = store;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        if (watch == null || selector.select(keys).isEmpty()) {
            reloadIfDue();
        }
        return selector.select(keys);
    }

    private synchronized void reloadIfDue() {
        long now = System.nanoTime();
        if (now - lastLoad < RELOAD_PAUSE_NANOS) {
            return;
        }
        lastLoad = now;
        try {
            RangePage page = store.getWithRevision(StoreKeys.JWKS, Consistency.LINEARIZABLE).get(5, TimeUnit.SECONDS);
            page.kvs().stream().findFirst().ifPresent(this::accept);
            if (watch == null) {
                watch = store.watch(StoreKeys.JWKS, false, page.revision() + 1, new WatchListener() {
                    @Override
                    public void onEvents(List<WatchEvent> events) {
                        events.stream().filter(e -> e.type() == WatchEvent.Type.PUT)
                                .reduce((first, second) -> second).ifPresent(e -> accept(e.kv()));
                    }
                });
            }
        } catch (Exception e) {
            LOG.debug("Could not read the signing keys yet", e);
        }
    }

    private void accept(KeyValue kv) {
        try {
            keys = JWKSet.parse(new String(kv.value(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            LOG.error("The signing keys at {} are not a JWK set; keeping the previous ones", StoreKeys.JWKS, e);
        }
    }

    /** The kids currently known, for diagnostics and tests. */
    public List<String> keyIds() {
        return keys.getKeys().stream().map(JWK::getKeyID).toList();
    }

    @Override
    public void close() {
        Watch running = watch;
        if (running != null) {
            running.close();
        }
    }
}
