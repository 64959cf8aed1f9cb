package io.coterie.gateway.grpc;

import io.coterie.auth.TokenClaims;
import io.coterie.gateway.edge.PrincipalRateLimits;
import io.coterie.gateway.grpc.v1.CallReply;
import io.coterie.gateway.grpc.v1.CallRequest;
import io.coterie.gateway.grpc.v1.RpcGrpc;
import io.coterie.gateway.rpc.RpcDispatcher;
import io.coterie.gateway.rpc.RpcRequest;
import io.coterie.gateway.rpc.RpcResponse;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * {@code coterie.rpc.v1.Rpc/Call}: the gRPC front end of application RPC (docs/rpc.md, gRPC). It
 * verifies the caller's token as the HTTP edge does, hands the call to the {@link RpcDispatcher}
 * with the caller's deadline, and answers by that deadline whatever the dispatcher does.
 */
final class RpcGrpcService extends RpcGrpc.RpcImplBase {

    private static final Logger log = LoggerFactory.getLogger(RpcGrpcService.class);
    private static final String BEARER = "bearer ";

    private final ObjectProvider<RpcDispatcher> dispatchers;
    private final ReactiveJwtDecoder tokens;
    private final PrincipalRateLimits rateLimits;
    private final LocalAnswers local;
    private final GrpcAnswers answers;

    RpcGrpcService(ObjectProvider<RpcDispatcher> dispatchers, ReactiveJwtDecoder tokens, PrincipalRateLimits rateLimits,
                   LocalAnswers local, GrpcAnswers answers) {
        this.dispatchers = dispatchers;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.local = local;
        this.answers = answers;
    }

    @Override
    public void call(CallRequest request, StreamObserver<CallReply> observer) {
        Instant now = Instant.now();
        Instant deadline = CallDeadline.of(Context.current().getDeadline(), now);
        String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
        ServerCallStreamObserver<CallReply> call = (ServerCallStreamObserver<CallReply>) observer;
        // Past the caller's gRPC deadline (or after it cancels) the call is cancelled, and so is the
        // work behind it; a deadline we chose (none given, or capped) is kept by the timeout below.
        Disposable.Swap running = Disposables.swap();
        call.setOnCancelHandler(running::dispose);
        Mono<RpcResponse> answer = answer(request, AuthorizationMetadata.current(), key, deadline)
                .timeout(max(Duration.ZERO, Duration.between(now, deadline)), Mono.fromSupplier(() -> local.outcomeUnknown(key)));
        running.update(answer.subscribe(response -> answers.send(response, call)));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Mono<RpcResponse> answer(CallRequest request, String authorization, String key, Instant deadline) {
        if (authorization == null || authorization.isBlank()) {
            return Mono.just(local.unauthenticated("this call needs a bearer token (authorization: Bearer <token> metadata)"));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()) || authorization.length() == BEARER.length()) {
            return Mono.just(local.unauthenticated("the authorization metadata must be 'Bearer <token>'"));
        }
        String token = authorization.substring(BEARER.length()).trim();
        return tokens.decode(token)
                .flatMap(jwt -> rateLimits.tryAcquire(jwt.getSubject())
                        // The same per-principal bucket as the HTTP edge: one limit, whichever door.
                        .map(wait -> Mono.just(local.rateLimited(PrincipalRateLimits.retryAfterSeconds(wait))))
                        .orElseGet(() -> dispatch(rpcRequest(jwt, token, request, key, deadline))))
                .onErrorResume(BadJwtException.class, e -> Mono.just(local.unauthenticated("the token is not valid: " + e.getMessage())))
                .onErrorResume(e -> {
                    log.warn("could not check the token of a gRPC call to {} {}", request.getName(), request.getMethod(), e);
                    return Mono.just(local.unavailable("the token could not be checked now; retry later"));
                })
                .switchIfEmpty(Mono.fromSupplier(() -> local.unauthenticated("the token is not valid")));
    }

    private Mono<RpcResponse> dispatch(RpcRequest request) {
        RpcDispatcher dispatcher = dispatchers.getIfUnique();
        if (dispatcher == null) {
            return Mono.just(local.unavailable("this gateway does not dispatch application calls"));
        }
        return Mono.defer(() -> dispatcher.call(request))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the dispatcher answered nothing")))
                .onErrorResume(e -> {
                    log.error("the RPC dispatcher failed on {} {}", request.name(), request.method(), e);
                    return Mono.just(local.failed(request.idempotencyKey()));
                });
    }

    private static RpcRequest rpcRequest(Jwt jwt, String token, CallRequest request, String key, Instant deadline) {
        List<String> grants = jwt.getClaimAsStringList(TokenClaims.GRANTS);
        return new RpcRequest(jwt.getSubject(), grants == null ? List.of() : grants, token, request.getName(),
                request.getMethod(), request.getJson().getBytes(StandardCharsets.UTF_8), key, deadline);
    }
}
