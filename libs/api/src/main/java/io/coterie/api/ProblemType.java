package io.coterie.api;

import java.net.URI;

/**
 * The stable error vocabulary of Coterie (RFC 9457 problem types). Clients branch on {@link #uri()},
 * never on the human-readable detail.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    INVALID_KEY("invalid-key", 400, "Invalid key"),
    INVALID_NAME("invalid-name", 400, "Invalid name"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Permission denied"),
    NOT_FOUND("not-found", 404, "Not found"),
    LEASE_NOT_FOUND("lease-not-found", 404, "Lease not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    COMPACTED("compacted", 410, "Revision compacted"),
    CONDITION_FAILED("condition-failed", 412, "Condition failed"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused with a different request"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal error"),
    WORKLOAD_FAILED("workload-failed", 502, "Workload failed"),
    NO_QUORUM("no-quorum", 503, "No quorum"),
    UNAVAILABLE("unavailable", 503, "Service unavailable"),
    CIRCUIT_OPEN("circuit-open", 503, "Circuit open"),
    DEADLINE_EXCEEDED("deadline-exceeded", 504, "Deadline exceeded"),
    OUTCOME_UNKNOWN("outcome-unknown", 504, "Outcome unknown");

    public static final String BASE = "https://coterie.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type whose URI is {@code type}, or {@link #INTERNAL} for one we do not know. */
    public static ProblemType fromUri(String type) {
        if (type != null && type.startsWith(BASE)) {
            String slug = type.substring(BASE.length());
            for (ProblemType candidate : values()) {
                if (candidate.slug.equals(slug)) {
                    return candidate;
                }
            }
        }
        return INTERNAL;
    }
}
