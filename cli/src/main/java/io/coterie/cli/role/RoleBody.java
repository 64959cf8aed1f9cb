package io.coterie.cli.role;

import java.util.List;

/** {@code POST /v1/roles}. */
record RoleBody(String name, List<String> grants) {
}
