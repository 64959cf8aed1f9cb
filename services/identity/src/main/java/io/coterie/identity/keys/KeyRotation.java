package io.coterie.identity.keys;

import com.nimbusds.jose.jwk.ECKey;
import io.coterie.api.ProblemType;
import io.coterie.identity.IdentitySettings;
import io.coterie.identity.directory.AuditLog;
import io.coterie.service.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rotation without downtime: the new key's public half is published first; only after every
 * verifier has had time to learn it ({@code key-propagation-delay}) does it start signing. The
 * old key stays published (see {@link KeyRetention}) until the tokens it signed have expired.
 */
@Component
public class KeyRotation {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);
    private static final int PUBLISH_ATTEMPTS = 20;

    /** What a rotation did: {@code kid} signs from now on; {@code previous} is retired. */
    public record Rotation(String kid, String previous, Instant activeSince) {
    }

    private final StoredSigningKeys keys;
    private final ActiveSigningKey active;
    private final AuditLog audit;
    private final IdentitySettings settings;
    private final KeyWorker worker;
    private final Clock clock;

    KeyRotation(StoredSigningKeys keys, ActiveSigningKey active, AuditLog audit, IdentitySettings settings,
                KeyWorker worker, Clock clock) {
        this.keys = keys;
        this.active = active;
        this.audit = audit;
        this.settings = settings;
        this.worker = worker;
        this.clock = clock;
    }

    /** Publishes a new key now and switches to it after the propagation delay; completes once it signs. */
    public CompletableFuture<Rotation> rotate(String actor) {
        CompletableFuture<Rotation> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                ECKey key = ActiveSigningKey.newKey(clock);
                String previous = publish(key);
                LOG.info("Published signing key {}; it signs in {} ms", key.getKeyID(), settings.keyPropagationDelay().toMillis());
                worker.schedule(() -> activate(key, previous, actor, done), settings.keyPropagationDelay());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Adds the key to the published set; answers the kid that was active when it went in. */
    private String publish(ECKey key) {
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            KeyState seen = keys.read();
            if (seen.activeKid() == null) {
                throw new ApiException(ProblemType.UNAVAILABLE, "there is no active signing key yet to rotate from");
            }
            if (keys.publish(key, seen)) {
                return seen.activeKid();
            }
        }
        throw new ApiException(ProblemType.CONFLICT, "the published keys kept changing under this rotation; try again");
    }

    private void activate(ECKey key, String previous, String actor, CompletableFuture<Rotation> done) {
        try {
            Instant now = clock.instant();
            Optional<Long> revision = keys.activate(key.getKeyID(), previous, now);
            if (revision.isEmpty()) {
                // Another rotation switched first; ours never signed and goes as an orphan (KeyRetention).
                done.completeExceptionally(new ApiException(ProblemType.CONFLICT,
                        "another rotation switched keys at the same time; the signing key is no longer " + previous));
                return;
            }
            active.use(key, revision.get());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("previous", previous);
            detail.put("previousPublishedUntilAtLeast", now.plus(settings.maxTokenTtl()).toString());
            try {
                audit.append(actor, "key.rotate", key.getKeyID(), detail);
            } catch (RuntimeException e) {
                // The store and the database share no transaction; the switch happened and is reported as such.
                LOG.error("Rotated the signing key to {} but could not write its audit row", key.getKeyID(), e);
            }
            LOG.info("Rotated the signing key: {} signs, {} retired", key.getKeyID(), previous);
            done.complete(new Rotation(key.getKeyID(), previous, now));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
