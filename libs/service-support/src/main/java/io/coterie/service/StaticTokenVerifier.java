package io.coterie.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Accepts exactly one configured admin token. Compares in constant time, so response timing says
 * nothing about how much of a guess was right.
 */
public final class StaticTokenVerifier implements TokenVerifier {

    private final byte[] expected;

    public StaticTokenVerifier(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters long");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<Authentication> verify(String token) {
        if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(UsernamePasswordAuthenticationToken.authenticated("root", null,
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
    }
}
