package io.coterie.rpc.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenClaims;
import io.coterie.auth.VerifiedTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies Coterie tokens as every service does (docs/api.md, Security): ES256 against the JWKS
 * the gateway serves, issuer {@code coterie}, expiry and not-before. A token verified once is
 * remembered ({@link VerifiedTokens}) so a caller presenting it again costs no signature check;
 * its expiry is still checked on every call.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    /** How long after a key fetch a token with an unknown kid may trigger another. */
    public static final Duration REFETCH_PAUSE = Duration.ofSeconds(3);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final VerifiedTokens<JWTClaimsSet> verified = new VerifiedTokens<>();

    /** Reads the keys from {@code gateway}'s {@code /v1/jwks} with {@code ownToken}. */
    public JwksTokenVerifier(URI gateway, String ownToken) {
        this(gateway, ownToken, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), REFETCH_PAUSE);
    }

    JwksTokenVerifier(URI gateway, String ownToken, HttpClient http, Duration refetchPause) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new GatewayJwkSource(gateway, ownToken, http, refetchPause)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(TokenClaims.ISSUER).build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public Caller verify(String token) throws InvalidTokenException {
        JWTClaimsSet claims;
        try {
            claims = verified.get(token, this::process, c -> c.getExpirationTime().toInstant());
        } catch (Rejected e) {
            throw new InvalidTokenException(e.getMessage(), e.getCause());
        }
        // A remembered verification says nothing about time: check it on every use.
        Instant now = Instant.now();
        if (claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            throw new InvalidTokenException("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new InvalidTokenException("the token is not valid yet");
        }
        return new Caller(claims.getSubject(), grants(claims));
    }

    private JWTClaimsSet process(String token) {
        try {
            return processor.process(token, null);
        } catch (KeySourceException e) {
            throw new VerifierUnavailableException(e.getMessage(), e);
        } catch (ParseException e) {
            throw new Rejected("the token is not a JWT", e);
        } catch (BadJOSEException | JOSEException e) {
            throw new Rejected("the token is not valid: " + e.getMessage(), e);
        }
    }

    private static Grants grants(JWTClaimsSet claims) throws InvalidTokenException {
        try {
            List<String> texts = claims.getStringListClaim(TokenClaims.GRANTS);
            return texts == null ? Grants.NONE : Grants.parse(texts);
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidTokenException("the token's grants are not a list of ACTION:PREFIX", e);
        }
    }

    /** Carries a refusal out of the verification cache's function, which cannot throw checked exceptions. */
    private static final class Rejected extends RuntimeException {
        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
