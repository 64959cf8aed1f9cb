package io.coterie.gateway.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The store's memory of one (principal, Idempotency-Key), as docs/rpc.md lays it out: a claim
 * while the call is on its way ({@code pending}), the answer once the command ran ({@code done}).
 * Times are ISO-8601 instants.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CallRecord(String name, String method, String requestSha256, String state, String claimedUntil, String gateway,
                  String createdAt, Integer status, String contentType, String body) {

    static final String PENDING = "pending";
    static final String DONE = "done";

    static CallRecord pending(String name, String method, String requestSha256, Instant claimedUntil, String gateway,
                              Instant createdAt) {
        return new CallRecord(name, method, requestSha256, PENDING, claimedUntil.toString(), gateway, createdAt.toString(),
                null, null, null);
    }

    /** The same record claimed again, by {@code gateway} until {@code until}; when it was created stays. */
    CallRecord claimedBy(String otherGateway, Instant until) {
        return new CallRecord(name, method, requestSha256, PENDING, until.toString(), otherGateway, createdAt, null, null, null);
    }

    CallRecord done(int answerStatus, String answerContentType, String answerBody) {
        return new CallRecord(name, method, requestSha256, DONE, null, gateway, createdAt, answerStatus, answerContentType, answerBody);
    }

    boolean isDone() {
        return DONE.equals(state) && status != null && body != null;
    }

    /** When the claim runs out; a record that does not say holds no claim. */
    Instant claimExpiry() {
        try {
            return claimedUntil == null ? Instant.EPOCH : Instant.parse(claimedUntil);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
