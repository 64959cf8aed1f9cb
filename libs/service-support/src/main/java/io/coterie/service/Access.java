package io.coterie.service;

import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.auth.Grants;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Checks the caller's grants where a controller knows the resource: {@code access.require(READ,
 * key)} before reading {@code key}. A refusal is a 403 that names the action and the resource.
 */
public final class Access {

    public Grants grants() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CoterieAuthentication coterie ? coterie.grants() : Grants.NONE;
    }

    /** When the caller's token expires: long-lived answers (watch streams) end then. */
    public Optional<Instant> tokenExpiresAt() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CoterieAuthentication coterie ? coterie.expiresAt() : Optional.empty();
    }

    public String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }

    public void require(Action action, String resource) {
        if (!grants().allows(action, resource)) {
            throw new ApiException(ProblemType.FORBIDDEN, "the token does not grant " + action.wire() + " on '" + resource + "'");
        }
    }

    /** For calls that are not about one resource (leases, sessions): some grant of the action is enough. */
    public void requireSomewhere(Action action) {
        if (!grants().allowsSomewhere(action)) {
            throw new ApiException(ProblemType.FORBIDDEN, "the token grants " + action.wire() + " nowhere");
        }
    }

    public void requireAdmin() {
        if (!grants().isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, "this needs the admin grant on everything (admin:)");
        }
    }
}
