package io.coterie.testsupport.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.coterie.auth.Grants;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tokens for tests of services that verify them: publishes a signing key's public half in the
 * store, the way the identity service does, and signs tokens with any grants and lifetime.
 */
public final class TestTokens {

    private final ECKey key;

    private TestTokens(ECKey key) {
        this.key = key;
    }

    /** A fresh key whose public half is now the store's JWK set. */
    public static TestTokens publish(ConsensusClient store) {
        TestTokens tokens = new TestTokens(TokenSigner.newKey("test-" + System.nanoTime()));
        store.put(StoreKeys.JWKS, new JWKSet(tokens.key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8)).join();
        return tokens;
    }

    public String admin() {
        return token("root", List.of("admin:"), Duration.ofHours(1));
    }

    public String token(String subject, List<String> grants, Duration ttl) {
        return TokenSigner.sign(key, subject, Grants.parse(grants), ttl);
    }

    /** A token that expired {@code ago}. */
    public String expired(String subject, List<String> grants, Duration ago) {
        return TokenSigner.sign(key, subject, Grants.parse(grants), Instant.now().minus(ago).minus(Duration.ofMinutes(1)),
                Duration.ofMinutes(1));
    }

    /** A token signed by a key nobody published. */
    public static String forged(String subject, List<String> grants) {
        return TokenSigner.sign(TokenSigner.newKey("forged"), subject, Grants.parse(grants), Duration.ofHours(1));
    }
}
