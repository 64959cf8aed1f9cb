package io.coterie.service;

import io.coterie.auth.VerifiedTokens;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies a token's signature once and remembers it (see {@link VerifiedTokens}); the claims
 * (expiry, issuer) are checked again on every request, so an expired token is refused the moment
 * it expires even when its verification is cached.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final VerifiedTokens<Jwt> verified = new VerifiedTokens<>();

    CachingJwtDecoder(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims) {
        this.verifier = verifier;
        this.claims = claims;
    }

    @Override
    public Jwt decode(String token) {
        Jwt cached = verified.cached(token);
        if (cached == null) {
            return verified.get(token, verifier::decode, Jwt::getExpiresAt);
        }
        OAuth2TokenValidatorResult result = claims.validate(cached);
        if (result.hasErrors()) {
            throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return cached;
    }
}
