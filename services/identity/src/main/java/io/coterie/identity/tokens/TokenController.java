package io.coterie.identity.tokens;

import io.coterie.api.ProblemType;
import io.coterie.auth.Grants;
import io.coterie.identity.IdentitySettings;
import io.coterie.identity.directory.IdentityRules;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.time.Duration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tokens}: with a principal's secret (Basic), a token for that principal; with an
 * admin's credentials, a token for any principal. A bearer token is never exchanged for a fresh
 * one of a non-admin principal: that would let a stolen token outlive its expiry.
 */
@RestController
class TokenController {

    record TokenRequest(String principal, Long ttlSeconds) {
    }

    private final TokenIssuer issuer;
    private final Access access;
    private final IdentitySettings settings;

    TokenController(TokenIssuer issuer, Access access, IdentitySettings settings) {
        this.issuer = issuer;
        this.access = access;
        this.settings = settings;
    }

    @PostMapping(TokenEndpointSecurity.PATH)
    IssuedToken issue(@RequestBody(required = false) TokenRequest body, Authentication caller) {
        Duration ttl = ttl(body == null ? null : body.ttlSeconds());
        String self = caller.getName();
        String wanted = body == null || body.principal() == null ? self : IdentityRules.principalName(body.principal());
        boolean withSecret = caller instanceof UsernamePasswordAuthenticationToken;
        if (withSecret && wanted.equals(self)) {
            return issuer.issue(self, ttl, null);
        }
        Grants callerGrants = withSecret ? issuer.grantsOf(self) : access.grants();
        if (!callerGrants.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, wanted.equals(self)
                    ? "a token for yourself needs your secret (Authorization: Basic); only admin: may renew with a token"
                    : "a token for another principal needs the admin grant on everything (admin:)");
        }
        return issuer.issue(wanted, ttl, self);
    }

    private Duration ttl(Long seconds) {
        if (seconds == null) {
            return settings.defaultTokenTtl();
        }
        long min = IdentitySettings.MIN_TOKEN_TTL.toSeconds();
        long max = settings.maxTokenTtl().toSeconds();
        if (seconds < min || seconds > max) {
            throw ApiException.badRequest("ttlSeconds must be between " + min + " and " + max);
        }
        return Duration.ofSeconds(seconds);
    }
}
