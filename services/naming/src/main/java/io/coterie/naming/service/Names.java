package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.naming.InvalidNameException;
import io.coterie.naming.NamePath;
import io.coterie.naming.NamePrefix;
import io.coterie.service.ApiException;

/** Names and prefixes from request paths and parameters; a broken rule is a 400 invalid-name. */
final class Names {

    private Names() {
    }

    /** The name captured by {@code /v1/names/{*path}}, which keeps its leading slash. */
    static NamePath path(String captured) {
        try {
            return NamePath.of(captured);
        } catch (InvalidNameException e) {
            throw invalid(e);
        }
    }

    static NamePrefix prefix(String prefix) {
        try {
            return NamePrefix.of(prefix);
        } catch (InvalidNameException e) {
            throw invalid(e);
        }
    }

    static ApiException invalid(InvalidNameException e) {
        return new ApiException(ProblemType.INVALID_NAME, e.getMessage());
    }
}
