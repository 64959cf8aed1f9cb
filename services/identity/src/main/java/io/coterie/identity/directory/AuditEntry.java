package io.coterie.identity.directory;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One row of the audit log: who ({@code actor}) did what ({@code action}) to whom or what ({@code subject}). */
public record AuditEntry(long seq, Instant at, String actor, String action, String subject, JsonNode detail) {
}
