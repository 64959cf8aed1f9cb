package io.coterie.identity.directory;

import java.time.Instant;
import java.util.List;

public record RoleRecord(String name, List<String> grants, Instant createdAt, Instant updatedAt) {
}
