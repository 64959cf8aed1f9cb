package io.coterie.identity;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The identity service's settings ({@code coterie.identity.*}, or {@code COTERIE_IDENTITY_*} in
 * the environment). See the module's README.
 *
 * @param rootSecretFile         file holding root's secret; read only when {@code root} does not exist yet
 * @param defaultTokenTtl        lifetime of a token when the request names none
 * @param maxTokenTtl            the longest lifetime a token may ask for; a retired key stays published this long
 * @param keyPropagationDelay    how long a new key is published before it signs, so every verifier knows it
 * @param keyMaintenanceInterval how often an instance looks for retired keys to drop and for a due rotation
 * @param autoRotateEvery        rotate the signing key when the active one is this old; absent or zero: never
 * @param idBlockSize            IDs an instance leases from the store at a time, at least
 * @param idMaxBlockSize         the most IDs one lease takes when demand is high (leases double while each lasts under a second)
 * @param storeStartupTimeout    how long startup waits for the store to answer before giving up
 */
@ConfigurationProperties("coterie.identity")
public record IdentitySettings(
        Path rootSecretFile,
        @DefaultValue("1h") Duration defaultTokenTtl,
        @DefaultValue("30d") Duration maxTokenTtl,
        @DefaultValue("2s") Duration keyPropagationDelay,
        @DefaultValue("10m") Duration keyMaintenanceInterval,
        Duration autoRotateEvery,
        @DefaultValue("10000") long idBlockSize,
        @DefaultValue("1000000") long idMaxBlockSize,
        @DefaultValue("60s") Duration storeStartupTimeout) {

    public static final Duration MIN_TOKEN_TTL = Duration.ofSeconds(60);

    public IdentitySettings {
        if (maxTokenTtl.compareTo(MIN_TOKEN_TTL) < 0) {
            throw new IllegalArgumentException("coterie.identity.max-token-ttl must be at least " + MIN_TOKEN_TTL.toSeconds() + "s");
        }
        if (defaultTokenTtl.compareTo(MIN_TOKEN_TTL) < 0 || defaultTokenTtl.compareTo(maxTokenTtl) > 0) {
            throw new IllegalArgumentException("coterie.identity.default-token-ttl must lie between 60s and max-token-ttl");
        }
        if (keyPropagationDelay.isNegative() || keyMaintenanceInterval.isNegative() || keyMaintenanceInterval.isZero()) {
            throw new IllegalArgumentException("coterie.identity.key-propagation-delay must not be negative "
                    + "and key-maintenance-interval must be positive");
        }
        if (idBlockSize < 1 || idBlockSize > 1_000_000_000L) {
            throw new IllegalArgumentException("coterie.identity.id-block-size must be between 1 and 1000000000");
        }
        if (idMaxBlockSize < idBlockSize || idMaxBlockSize > 1_000_000_000L) {
            throw new IllegalArgumentException("coterie.identity.id-max-block-size must be between id-block-size and 1000000000");
        }
    }

    public boolean autoRotates() {
        return autoRotateEvery != null && !autoRotateEvery.isNegative() && !autoRotateEvery.isZero();
    }
}
