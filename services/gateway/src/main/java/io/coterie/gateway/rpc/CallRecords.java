package io.coterie.gateway.rpc;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.PutResult;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.WatchBatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call records in the consensus store, under {@code sys/rpc/calls/<sha256 of principal + "\n" + key>}.
 * Every change after the creation compares the record's mod revision, so a gateway that lost its
 * claim (it was taken over) can no longer write.
 */
final class CallRecords {

    static final String PREFIX = "sys/rpc/calls/";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ConsensusClient store;
    private final HourlyLeases leases;

    CallRecords(ConsensusClient store, HourlyLeases leases) {
        this.store = store;
        this.leases = leases;
    }

    /** What creating a record found: it was absent and is now ours, or there was one. */
    sealed interface Claim {
    }

    /** Ours now, at {@code revision}, on {@code lease}. */
    record Created(long revision, long lease) implements Claim {
    }

    /** There was a record ({@code record} is null when the value is not one). */
    record Existing(KeyValue kv, CallRecord record) implements Claim {
    }

    static String keyOf(String principal, String idempotencyKey) {
        return PREFIX + sha256Hex((principal + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    /** What the key was used for: name, method and body, so that reusing it for anything else shows. */
    static String requestSha256(String name, String method, byte[] body) {
        MessageDigest digest = sha256();
        digest.update((name + "\n" + method + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Creates {@code pending} if no record exists, in one transaction; otherwise answers the one there is. */
    CompletableFuture<Claim> claim(String key, CallRecord pending, Instant now) {
        return leases.leaseFor(now).thenCompose(lease -> store.txn(Txn.builder()
                        .when(Compare.absent(key))
                        .then(Op.put(key, encode(pending), lease))
                        .otherwise(Op.get(key))
                        .build())
                .thenApply(result -> {
                    if (result.succeeded()) {
                        return (Claim) new Created(((PutResult) result.results().get(0)).revision(), lease);
                    }
                    RangePage page = (RangePage) result.results().get(0);
                    // Deleted between the compare and the read cannot happen inside one transaction.
                    KeyValue kv = page.kvs().get(0);
                    return new Existing(kv, decode(kv.value()));
                })
                .exceptionallyCompose(failure -> {
                    if (unwrap(failure) instanceof ConsensusException.LeaseNotFound) {
                        leases.forget(lease);
                    }
                    return CompletableFuture.failedFuture(unwrap(failure));
                }));
    }

    /** Claims a record whose claim ran out; empty when it changed since {@code seen} (someone else moved first). */
    CompletableFuture<Optional<Long>> takeOver(KeyValue seen, CallRecord claimed) {
        return store.txn(Txn.builder()
                        .when(Compare.modRevision(seen.key(), Compare.Result.EQUAL, seen.modRevision()))
                        .then(Op.put(seen.key(), encode(claimed), seen.lease()))
                        .build())
                .thenApply(result -> result.succeeded()
                        ? Optional.of(((PutResult) result.results().get(0)).revision())
                        : Optional.empty());
    }

    /** Stores the answer of a command that ran; false when the claim was lost meanwhile. */
    CompletableFuture<Boolean> complete(String key, long revision, long lease, CallRecord done) {
        return store.txn(Txn.builder()
                        .when(Compare.modRevision(key, Compare.Result.EQUAL, revision))
                        .then(Op.put(key, encode(done), lease))
                        .build())
                .thenApply(result -> result.succeeded());
    }

    /** The command did not run: the record goes, and the key starts afresh. */
    CompletableFuture<Boolean> release(String key, long revision) {
        return store.txn(Txn.builder()
                        .when(Compare.modRevision(key, Compare.Result.EQUAL, revision))
                        .then(Op.delete(key))
                        .build())
                .thenApply(result -> result.succeeded());
    }

    /** Ends the claim now (the outcome is unknown): the next call with the key takes over at once. */
    CompletableFuture<Boolean> expireClaim(String key, long revision, long lease, CallRecord claimed, Instant now) {
        return store.txn(Txn.builder()
                        .when(Compare.modRevision(key, Compare.Result.EQUAL, revision))
                        .then(Op.put(key, encode(claimed.claimedBy(claimed.gateway(), now)), lease))
                        .build())
                .thenApply(result -> result.succeeded());
    }

    CompletableFuture<Optional<KeyValue>> read(String key) {
        return store.get(key);
    }

    /** Changes to the record from {@code fromRevision} on, waiting up to {@code wait} (the store caps it at 1 s). */
    CompletableFuture<WatchBatch> changes(String key, long fromRevision, Duration wait) {
        return store.poll(key, false, fromRevision, wait);
    }

    static byte[] encode(CallRecord record) {
        return JSON.writeValueAsBytes(record);
    }

    /** The record, or null when the value is not one (written around the gateway). */
    static CallRecord decode(byte[] value) {
        try {
            return JSON.readValue(value, CallRecord.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
