package io.coterie.identity.directory;

import java.util.List;

/** Request and answer bodies of the principal and role endpoints. */
final class DirectoryBodies {

    private DirectoryBodies() {
    }

    record NewPrincipal(String name, List<String> roles, String secret) {
    }

    record RoleBody(String name, List<String> grants) {
    }

    record Deleted(String name, boolean deleted) {
    }
}
