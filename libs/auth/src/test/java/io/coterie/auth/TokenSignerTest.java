package io.coterie.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSignerTest {

    @Test
    void aSignedTokenCarriesTheClaimsAndVerifiesWithThePublicKeyOnly() throws Exception {
        ECKey key = TokenSigner.newKey("k1");
        String token = TokenSigner.sign(key, "alice", Grants.parse(List.of("read:/apps/a/")), Duration.ofMinutes(5));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("coterie");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("grants")).containsExactly("read:/apps/a/");
        assertThat(key.toPublicJWK().isPrivate()).isFalse();

        ECKey other = TokenSigner.newKey("k1");
        assertThat(jwt.verify(new ECDSAVerifier(other.toPublicJWK()))).as("another key with the same kid").isFalse();
    }
}
