package io.coterie.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.auth.Action;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenSigner;
import io.coterie.rpc.StubGateway;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwksTokenVerifierTest {

    private final StubGateway gateway = new StubGateway();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void a_valid_token_gives_its_subject_and_grants() throws Exception {
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken());

        Caller caller = verifier.verify(gateway.token("alice", "call:/robots/"));

        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.grants().allows(Action.CALL, "/robots/r1")).isTrue();
        assertThat(caller.grants().allows(Action.CALL, "/other")).isFalse();
    }

    @Test
    void keys_are_read_once_and_a_token_seen_before_is_not_checked_again() throws Exception {
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken(), http, Duration.ZERO);
        String token = gateway.token("alice", "call:/robots/");

        for (int i = 0; i < 50; i++) {
            verifier.verify(token);
            verifier.verify(gateway.token("bob", "call:/robots/"));
        }

        assertThat(gateway.jwksReads()).isEqualTo(1);
    }

    @Test
    void a_rotated_key_is_read_when_a_token_names_it() throws Exception {
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken(), http, Duration.ZERO);
        verifier.verify(gateway.token("alice", "call:/robots/"));

        gateway.rotate("k2");

        assertThat(verifier.verify(gateway.token("alice", "call:/robots/")).subject()).isEqualTo("alice");
        assertThat(gateway.jwksReads()).isEqualTo(2);
    }

    @Test
    void unknown_kids_read_the_keys_at_most_once_per_pause() throws Exception {
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken(), http, Duration.ofHours(1));
        verifier.verify(gateway.token("alice", "call:/robots/"));

        for (int i = 0; i < 20; i++) {
            String forged = TokenSigner.sign(TokenSigner.newKey("forged-" + i), "mallory", Grants.parse(List.of("admin:")),
                    Duration.ofMinutes(5));
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class);
        }

        assertThat(gateway.jwksReads()).isEqualTo(1);
    }

    @Test
    void keys_that_cannot_be_read_make_the_verifier_unavailable_not_the_token_invalid() {
        gateway.jwksDown(true);
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken(), http, Duration.ZERO);

        assertThatThrownBy(() -> verifier.verify(gateway.token("alice", "call:/robots/")))
                .isInstanceOf(VerifierUnavailableException.class);
    }

    @Test
    void a_verified_token_is_refused_once_it_expires() throws Exception {
        JwksTokenVerifier verifier = new JwksTokenVerifier(gateway.address(), gateway.ownToken());
        String shortLived = gateway.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("coterie").subject("alice")
                .expirationTime(java.util.Date.from(java.time.Instant.now().minus(Duration.ofSeconds(30))))
                .claim("grants", List.of("call:/")).build());

        // Within the 60 s clock skew every service allows, then past it.
        assertThat(verifier.verify(shortLived).subject()).isEqualTo("alice");
        String expired = gateway.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("coterie").subject("alice")
                .expirationTime(java.util.Date.from(java.time.Instant.now().minus(Duration.ofSeconds(61))))
                .claim("grants", List.of("call:/")).build());
        assertThatThrownBy(() -> verifier.verify(expired)).isInstanceOf(InvalidTokenException.class);
    }
}
