package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.auth.Grants;
import io.coterie.service.ApiException;

/**
 * The caller's grants captured on the request thread, for checks made later in a continuation
 * on a store thread (where the security context is not): each link that a resolve follows.
 */
record Permissions(Grants grants) {

    void require(Action action, String resource) {
        if (!grants.allows(action, resource)) {
            throw new ApiException(ProblemType.FORBIDDEN, "the token does not grant " + action.wire() + " on '" + resource + "'");
        }
    }
}
