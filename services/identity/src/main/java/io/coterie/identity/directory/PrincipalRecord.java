package io.coterie.identity.directory;

import java.time.Instant;
import java.util.List;

/** A principal as the API shows it: never with its secret. */
public record PrincipalRecord(String name, List<String> roles, List<String> grants, Instant createdAt) {
}
