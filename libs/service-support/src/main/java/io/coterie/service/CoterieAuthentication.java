package io.coterie.service;

import io.coterie.auth.Grants;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A caller whose token checked out: who it is and what its grants allow. */
public final class CoterieAuthentication extends AbstractAuthenticationToken {

    private final Jwt token;
    private final Grants grants;

    public CoterieAuthentication(Jwt token, Grants grants) {
        super(grants.wire().stream().map(SimpleGrantedAuthority::new).toList());
        this.token = token;
        this.grants = grants;
        setAuthenticated(true);
    }

    public Grants grants() {
        return grants;
    }

    /** When the token stops being valid; empty for a token without {@code exp} (none is issued). */
    public java.util.Optional<java.time.Instant> expiresAt() {
        return java.util.Optional.ofNullable(token.getExpiresAt());
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return token.getSubject();
    }

    @Override
    public String getName() {
        return token.getSubject();
    }

    static CoterieAuthentication of(Jwt jwt) {
        List<String> grants = jwt.getClaimAsStringList(io.coterie.auth.TokenClaims.GRANTS);
        return new CoterieAuthentication(jwt, grants == null ? Grants.NONE : Grants.parse(grants));
    }
}
