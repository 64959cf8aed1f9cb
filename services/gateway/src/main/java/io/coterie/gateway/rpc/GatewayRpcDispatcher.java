package io.coterie.gateway.rpc;

import io.coterie.rpc.RpcOutcome;
import io.coterie.api.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The gateway's RPC (docs/rpc.md): checks a call, and forwards it once, or, with an
 * Idempotency-Key, under a record in the store that makes it run at most once however often it is
 * retried, through whichever gateway. Answers by the caller's deadline, whatever happens behind.
 */
final class GatewayRpcDispatcher implements RpcDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRpcDispatcher.class);
    /** How long a call waits before asking a store that failed again, while it waits for another's claim. */
    private static final Duration STORE_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final Forwarder forwarder;
    private final CallRecords records;
    private final Duration lateAnswerWait;
    private final String gatewayId;
    private final Scheduler deadlines;

    /** {@code deadlines} fires the callers' deadlines: a thread of its own, so they never queue behind other timers. */
    GatewayRpcDispatcher(Forwarder forwarder, CallRecords records, Duration lateAnswerWait, String gatewayId, Scheduler deadlines) {
        this.forwarder = forwarder;
        this.records = records;
        this.lateAnswerWait = lateAnswerWait;
        this.gatewayId = gatewayId;
        this.deadlines = deadlines;
    }

    @Override
    public Mono<RpcResponse> call(RpcRequest request) {
        Call call;
        try {
            call = Call.of(request);
        } catch (RefusedException e) {
            String key = CallRules.isValidKey(request.idempotencyKey()) ? request.idempotencyKey() : null;
            return Mono.just(RpcProblems.rejected(e.refusal(), RpcProblems.instance(String.valueOf(request.name()),
                    String.valueOf(request.method())), key));
        }
        Duration remaining = call.remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            return Mono.just(RpcProblems.rejected(new Refusal(ProblemType.DEADLINE_EXCEEDED,
                    "the call's deadline had passed when it arrived; it was not sent"), call.instance(), call.key()));
        }
        Mono<RpcResponse> flow = call.key() == null ? once(call) : keyed(call, false);
        return flow
                .timeout(remaining, Mono.fromSupplier(() -> RpcProblems.outcomeUnknown(call.instance(), call.key())), deadlines)
                .onErrorResume(e -> {
                    LOG.error("RPC of {} on {} failed inside the gateway", call.method(), call.name(), e);
                    return Mono.just(new RpcResponse(RpcOutcome.UNKNOWN, 500, RpcProblems.PROBLEM_JSON,
                            RpcProblems.document(ProblemType.INTERNAL, "internal error; see the gateway log", call.instance(),
                                    RpcOutcome.UNKNOWN, call.key()), Map.of()));
                });
    }

    /** Without a key: sent once, no store involved; the caller's deadline cancels it. */
    private Mono<RpcResponse> once(Call call) {
        return forwarder.gate(call).flatMap(gate -> gate.isOpen()
                ? forwarder.forward(call, gate, null).map(Settled::response)
                : Mono.just(RpcProblems.rejected(gate.refusal(), call.instance(), null)));
    }

    /**
     * With a key. {@code sawClaim}: another call's claim was seen, so the command may be running;
     * from then on a store that does not answer means waiting, not refusing.
     */
    private Mono<RpcResponse> keyed(Call call, boolean sawClaim) {
        return forwarder.gate(call).flatMap(gate -> gate.isOpen()
                ? claim(call, gate, sawClaim)
                : answeredBefore(call, gate.refusal()));
    }

    /** The way to the workload is shut, but a command that already ran still has its answer. */
    private Mono<RpcResponse> answeredBefore(Call call, Refusal refusal) {
        RpcResponse refused = RpcProblems.rejected(refusal, call.instance(), call.key());
        return Mono.fromFuture(() -> records.read(call.recordKey()))
                .map(found -> found.map(kv -> {
                    CallRecord record = CallRecords.decode(kv.value());
                    RecordDecision decision = RecordDecision.about(record, call.requestSha256(), Instant.now());
                    if (decision instanceof RecordDecision.Replay replay) {
                        return replay(replay.record());
                    }
                    return decision instanceof RecordDecision.Reused ? reused(call) : refused;
                }).orElse(refused))
                .onErrorResume(e -> Mono.just(refused));
    }

    private Mono<RpcResponse> claim(Call call, Gate gate, boolean sawClaim) {
        Instant now = Instant.now();
        CallRecord pending = CallRecord.pending(call.name().toString(), call.method(), call.requestSha256(), call.deadline(),
                gatewayId, now);
        return Mono.fromFuture(() -> records.claim(call.recordKey(), pending, now))
                .flatMap(claim -> {
                    if (claim instanceof CallRecords.Created created) {
                        return owned(call, gate, created.revision(), created.lease(), pending);
                    }
                    return existing(call, gate, (CallRecords.Existing) claim, pending);
                })
                .onErrorResume(e -> {
                    gate.permit().unused();
                    return storeFailed(call, e, sawClaim);
                });
    }

    private Mono<RpcResponse> existing(Call call, Gate gate, CallRecords.Existing found, CallRecord fresh) {
        RecordDecision decision = RecordDecision.about(found.record(), call.requestSha256(), Instant.now());
        if (decision instanceof RecordDecision.TakeOver) {
            CallRecord claimed = (found.record() == null ? fresh : found.record()).claimedBy(gatewayId, call.deadline());
            return Mono.fromFuture(() -> records.takeOver(found.kv(), claimed))
                    .flatMap(revision -> {
                        if (revision.isPresent()) {
                            LOG.debug("Took over the claim on {} ({} on {})", call.recordKey(), call.method(), call.name());
                            return owned(call, gate, revision.get(), found.kv().lease(), claimed);
                        }
                        gate.permit().unused();
                        return keyed(call, true);
                    })
                    .onErrorResume(e -> {
                        gate.permit().unused();
                        return storeFailed(call, e, true);
                    });
        }
        gate.permit().unused();
        if (decision instanceof RecordDecision.Replay replay) {
            return Mono.just(replay(replay.record()));
        }
        if (decision instanceof RecordDecision.Reused) {
            return Mono.just(reused(call));
        }
        Instant until = ((RecordDecision.Wait) decision).until();
        return awaitChange(call.recordKey(), found.kv().modRevision() + 1, until).then(Mono.defer(() -> keyed(call, true)));
    }

    /**
     * This call holds the claim: forward, then keep the answer (or drop the record when the
     * command did not run). The forwarding goes on past the caller's deadline, for a while, so
     * that a late answer is still kept for the caller's retry.
     */
    private Mono<RpcResponse> owned(Call call, Gate gate, long revision, long lease, CallRecord claimed) {
        CompletableFuture<RpcResponse> settled = forwarder.forward(call, gate, call.remaining().plus(lateAnswerWait))
                .flatMap(outcome -> keep(call, outcome, revision, lease, claimed).thenReturn(outcome.response()))
                .toFuture();
        return Mono.fromFuture(settled, true)
                .doOnCancel(() -> gate.permit().failed(new TimeoutException("the caller's deadline passed before the workload answered")));
    }

    private Mono<Void> keep(Call call, Settled outcome, long revision, long lease, CallRecord claimed) {
        String key = call.recordKey();
        CompletableFuture<Boolean> write = switch (outcome.kind()) {
            case RAN -> records.complete(key, revision, lease, claimed.done(outcome.response().status(),
                    outcome.response().contentType(), new String(outcome.response().body(), StandardCharsets.UTF_8)));
            case REJECTED -> records.release(key, revision);
            case UNSETTLED -> records.expireClaim(key, revision, lease, claimed, Instant.now());
        };
        return Mono.fromFuture(write)
                .doOnNext(kept -> {
                    if (!kept) {
                        LOG.info("The claim on {} was taken over before {} on {} ended; its answer is not kept by this call",
                                key, call.method(), call.name());
                    }
                })
                .onErrorResume(e -> {
                    LOG.warn("Could not keep the outcome of {} on {} under {}: {}", call.method(), call.name(), key, e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    /** Until the record changes, or the claim runs out; the caller's deadline cuts the wait short. */
    private Mono<Void> awaitChange(String key, long fromRevision, Instant until) {
        return Mono.defer(() -> {
            Duration left = Duration.between(Instant.now(), until);
            if (left.isNegative() || left.isZero()) {
                return Mono.empty();
            }
            Duration wait = left.compareTo(LONGEST_POLL) < 0 ? left : LONGEST_POLL;
            return Mono.fromFuture(() -> records.changes(key, fromRevision, wait))
                    .flatMap(batch -> batch.events().isEmpty() ? awaitChange(key, batch.nextRevision(), until) : Mono.<Void>empty())
                    .onErrorResume(e -> Mono.delay(STORE_PAUSE).then());
        });
    }

    private Mono<RpcResponse> storeFailed(Call call, Throwable failure, boolean sawClaim) {
        if (sawClaim) {
            return Mono.delay(STORE_PAUSE).then(Mono.defer(() -> keyed(call, true)));
        }
        LOG.info("The store did not take the record of {} on {}: {}", call.method(), call.name(), CallRecords.unwrap(failure).getMessage());
        return Mono.just(RpcProblems.rejected(new Refusal(ProblemType.UNAVAILABLE,
                "the store that keeps Idempotency-Key records did not answer; the call was not sent"), call.instance(), call.key()));
    }

    private static RpcResponse replay(CallRecord record) {
        RpcOutcome outcome = record.status() == 200 ? RpcOutcome.EXECUTED : RpcOutcome.UNKNOWN;
        String contentType = record.contentType() != null ? record.contentType()
                : record.status() == 200 ? RpcProblems.RESULT_JSON : RpcProblems.PROBLEM_JSON;
        return new RpcResponse(outcome, record.status(), contentType, record.body().getBytes(StandardCharsets.UTF_8),
                Map.of(RpcProblems.REPLAYED, "true"));
    }

    private static RpcResponse reused(Call call) {
        return RpcProblems.rejected(new Refusal(ProblemType.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + call.key()
                + " was used before for another name, method or body; a new command needs a new key"), call.instance(), call.key());
    }
}
