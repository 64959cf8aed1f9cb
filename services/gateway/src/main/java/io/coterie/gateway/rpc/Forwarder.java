package io.coterie.gateway.rpc;

import io.coterie.rpc.RpcOutcome;
import io.coterie.api.ProblemType;
import io.coterie.naming.Instance;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes a checked call to its workload: resolves the name, asks the name's guards, sends the call
 * (once more, on a fresh resolution, only when the connection was refused) and reads the answer
 * as one of the outcomes of docs/rpc.md.
 */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final RpcNames names;
    private final NameGuards guards;
    private final WorkloadClient workloads;

    Forwarder(RpcNames names, NameGuards guards, WorkloadClient workloads) {
        this.names = names;
        this.guards = guards;
        this.workloads = workloads;
    }

    /** Instances and a permit, or why the call cannot go anywhere. */
    Mono<Gate> gate(Call call) {
        return names.resolve(call.name())
                .map(resolution -> {
                    if (!(resolution instanceof Resolution.Found found)) {
                        return Gate.closed(resolution.refusal());
                    }
                    try {
                        return Gate.open(found, guards.enter(call.name()));
                    } catch (RefusedException e) {
                        return Gate.closed(e.refusal());
                    }
                })
                .onErrorResume(e -> Mono.just(Gate.closed(new Refusal(ProblemType.UNAVAILABLE,
                        "the namespace cannot be read to find " + call.name() + " (" + e.getMessage() + ")"))));
    }

    /**
     * Sends the call through an open gate. {@code bound}, when not null, is how long to wait for
     * the workload at most; without one, only cancelling ends the wait.
     */
    Mono<Settled> forward(Call call, Gate gate, Duration bound) {
        NameGuards.Permit permit = gate.permit();
        return send(call, gate.found().next(), bound)
                .onErrorResume(WorkloadClient.NotSent.class, refused -> names.resolveFresh(call.name())
                        .onErrorResume(e -> Mono.error(refused))
                        .flatMap(again -> again instanceof Resolution.Found found
                                ? send(call, found.next(), bound)
                                : Mono.error(refused)))
                .map(answer -> settle(call, answer, permit))
                .onErrorResume(WorkloadClient.NotSent.class, e -> {
                    permit.failed(e);
                    return Mono.just(Settled.rejected(RpcProblems.rejected(new Refusal(ProblemType.UNAVAILABLE,
                            "no instance of " + call.name() + " accepts connections (" + e.getMessage() + ")"), call.instance(), call.key())));
                })
                .onErrorResume(WorkloadClient.TooLarge.class, e -> {
                    permit.succeeded();
                    return Mono.just(Settled.ran(RpcProblems.workloadFailed("the result of " + call.method() + " on " + call.name()
                            + " is larger than " + CallRules.MAX_BODY_BYTES + " bytes, more than an answer may hold", call.instance(), call.key())));
                })
                .onErrorResume(WorkloadClient.Broken.class, e -> {
                    permit.failed(e);
                    LOG.info("Call of {} on {} broke after it was sent: {}", call.method(), call.name(), e.getMessage());
                    return Mono.just(Settled.unsettled(RpcProblems.outcomeUnknown("the connection to the workload behind "
                            + call.name() + " broke after the call was sent: the command may have run", call.instance(), call.key())));
                })
                .doOnCancel(() -> permit.failed(new TimeoutException("the caller's deadline passed before the workload answered")))
                .doFinally(signal -> permit.finished());
    }

    private Mono<WorkloadClient.Answer> send(Call call, Instance instance, Duration bound) {
        Mono<WorkloadClient.Answer> sent = workloads.send(instance, call.method(), call.token(), call.body(), call.key(), call.deadline());
        return bound == null ? sent : sent.timeout(bound).onErrorMap(TimeoutException.class, WorkloadClient.Broken::new);
    }

    /** The workload's answer as an outcome; the guards hear whether the workload was healthy. */
    private static Settled settle(Call call, WorkloadClient.Answer answer, NameGuards.Permit permit) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            permit.succeeded();
            byte[] result = answer.body().length == 0 ? CallRules.NULL_BODY : answer.body();
            return Settled.ran(new RpcResponse(RpcOutcome.EXECUTED, 200, RpcProblems.RESULT_JSON, result, Map.of()));
        }
        boolean saysRejected = RpcOutcome.REJECTED.wire().equalsIgnoreCase(answer.outcome());
        if ((status >= 400 && status < 500) || (status >= 500 && saysRejected)) {
            // A refusal is the workload doing its job; only an overloaded or broken one counts against it.
            if (status >= 500 && status != 504) {
                permit.failed(new IllegalStateException("the workload answered " + status));
            } else {
                permit.succeeded();
            }
            byte[] problem = RpcProblems.withOutcome(answer.body(), RpcProblems.typeOf(status),
                    "the workload refused the call (HTTP " + status + ")", call.instance(), RpcOutcome.REJECTED, call.key());
            Map<String, String> headers = status == 503 || status == 429 ? Map.of(RpcProblems.RETRY_AFTER, "1") : Map.of();
            return Settled.rejected(new RpcResponse(RpcOutcome.REJECTED, status, RpcProblems.PROBLEM_JSON, problem, headers));
        }
        permit.failed(new IllegalStateException("the workload answered " + status));
        if (status == 500 || status == 502) {
            return Settled.ran(RpcProblems.workloadFailed("the method " + call.method() + " of " + call.name()
                    + " failed after it started (the workload answered HTTP " + status + "); it may have done part of its work",
                    call.instance(), call.key()));
        }
        // For example a duplicate that found the first call with its key still running at its deadline.
        return Settled.unsettled(RpcProblems.outcomeUnknown("the workload behind " + call.name() + " answered HTTP " + status
                + " without a result: the command may have run, or may still run", call.instance(), call.key()));
    }
}
