package io.coterie.identity.tokens;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenSigner;
import io.coterie.identity.directory.AuditLog;
import io.coterie.identity.directory.PrincipalRecord;
import io.coterie.identity.directory.PrincipalRepository;
import io.coterie.identity.keys.ActiveSigningKey;
import io.coterie.service.ApiException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs tokens that carry a principal's current grants: the union of its roles' grants. */
@Service
public class TokenIssuer {

    private final PrincipalRepository principals;
    private final ActiveSigningKey signingKey;
    private final AuditLog audit;

    TokenIssuer(PrincipalRepository principals, ActiveSigningKey signingKey, AuditLog audit) {
        this.principals = principals;
        this.signingKey = signingKey;
        this.audit = audit;
    }

    /** A token for {@code principal}; when someone else asked for it ({@code requestedBy}), the audit log says so. */
    @Transactional
    public IssuedToken issue(String principal, Duration ttl, String requestedBy) {
        PrincipalRecord record = principals.find(principal)
                .orElseThrow(() -> ApiException.notFound("no principal '" + principal + "'"));
        Grants grants = Grants.parse(record.grants());
        // JWT times are whole seconds; expiresAt must be exactly the token's exp.
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ECKey key = signingKey.key();
        String token = TokenSigner.sign(key, principal, grants, issuedAt, ttl);
        Instant expiresAt = issuedAt.plus(ttl);
        if (requestedBy != null && !requestedBy.equals(principal)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("jti", jti(token));
            detail.put("kid", key.getKeyID());
            detail.put("ttlSeconds", ttl.toSeconds());
            detail.put("expiresAt", expiresAt.toString());
            detail.put("grants", grants.wire());
            audit.append(requestedBy, "token.issue", principal, detail);
        }
        return new IssuedToken(token, principal, expiresAt, grants.wire());
    }

    /** The current grants of {@code principal}, or none if it does not exist. */
    @Transactional(readOnly = true)
    public Grants grantsOf(String principal) {
        return principals.find(principal).map(p -> Grants.parse(p.grants())).orElse(Grants.NONE);
    }

    private static String jti(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw new IllegalStateException("a token just signed does not parse", e);
        }
    }
}
