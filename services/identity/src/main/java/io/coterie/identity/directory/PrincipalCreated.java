package io.coterie.identity.directory;

import java.util.List;

/** The answer to creating a principal: the only time its secret is ever shown. */
public record PrincipalCreated(String name, List<String> roles, String secret) {
}
