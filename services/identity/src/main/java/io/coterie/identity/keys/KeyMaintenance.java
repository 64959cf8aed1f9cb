package io.coterie.identity.keys;

import com.nimbusds.jose.jwk.JWK;
import io.coterie.identity.IdentitySettings;
import io.coterie.identity.directory.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code key-maintenance-interval}: drops published keys whose tokens have all expired, and
 * starts a rotation when automatic rotation is on and the active key is old enough. Every instance
 * runs it; the store's compare-and-set makes the work happen once.
 */
@Component
class KeyMaintenance implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(KeyMaintenance.class);

    private final StoredSigningKeys keys;
    private final KeyRetention retention;
    private final KeyRotation rotation;
    private final AuditLog audit;
    private final IdentitySettings settings;
    private final KeyWorker worker;
    private final Clock clock;
    private volatile ScheduledFuture<?> job;

    KeyMaintenance(StoredSigningKeys keys, KeyRetention retention, KeyRotation rotation, AuditLog audit,
                   IdentitySettings settings, KeyWorker worker, Clock clock) {
        this.keys = keys;
        this.retention = retention;
        this.rotation = rotation;
        this.audit = audit;
        this.settings = settings;
        this.worker = worker;
        this.clock = clock;
    }

    void runOnce() {
        try {
            KeyState state = keys.read();
            if (state.activeKid() == null) {
                return;
            }
            Instant now = clock.instant();
            dropExpired(state, now);
            rotateIfDue(state, now);
        } catch (RuntimeException e) {
            LOG.warn("Signing key maintenance failed this time ({}); it runs again in {}", e.getMessage(),
                    settings.keyMaintenanceInterval());
        }
    }

    private void dropExpired(KeyState state, Instant now) {
        List<KeyRetention.Published> published = state.published().getKeys().stream()
                .map(k -> new KeyRetention.Published(k.getKeyID(), issuedAt(k))).toList();
        Set<String> drop = retention.droppable(state.activeKid(), published, state.retired(), now);
        Set<String> stale = retention.staleRecords(published, state.retired());
        if (drop.isEmpty() && stale.isEmpty()) {
            return;
        }
        if (keys.drop(drop, stale, state)) {
            for (String kid : drop) {
                Instant retiredAt = state.retired().get(kid);
                audit.append(AuditLog.SYSTEM, "key.drop", kid, retiredAt == null
                        ? Map.of("reason", "published but never activated")
                        : Map.of("reason", "every token it signed has expired", "retiredAt", retiredAt.toString()));
            }
            LOG.info("Dropped signing keys {} from the published set", drop);
        }
    }

    private void rotateIfDue(KeyState state, Instant now) {
        JWK activeKey = state.activePublicKey();
        if (settings.autoRotates() && activeKey != null
                && KeyRetention.rotationDue(issuedAt(activeKey), settings.autoRotateEvery(), now)) {
            LOG.info("Key {} has signed for {} or more: rotating", state.activeKid(), settings.autoRotateEvery());
            rotation.rotate(AuditLog.SYSTEM).exceptionally(e -> {
                LOG.warn("Automatic rotation did not happen ({})", e.getMessage());
                return null;
            });
        }
    }

    private static Instant issuedAt(JWK key) {
        return key.getIssueTime() == null ? null : key.getIssueTime().toInstant();
    }

    @Override
    public void start() {
        job = worker.every(settings.keyMaintenanceInterval(), this::runOnce);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = job;
        if (running != null) {
            running.cancel(false);
        }
        job = null;
    }

    @Override
    public boolean isRunning() {
        return job != null;
    }
}
