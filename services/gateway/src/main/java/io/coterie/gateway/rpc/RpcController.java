package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/rpc/{name}/{method}}: the HTTP front end of application RPC. The edge's security
 * chain has checked the token; this reads what HTTP carries (deadline, key, body) and leaves the
 * rest to the {@link RpcDispatcher}.
 */
@RestController
@Tag(name = "RPC", description = "Calling workloads by name (docs/rpc.md)")
class RpcController {

    static final String PATH = "/v1/rpc";
    static final String TIMEOUT_HEADER = "Coterie-Timeout";
    static final String KEY_HEADER = "Idempotency-Key";
    static final String OUTCOME_HEADER = "Coterie-Outcome";

    private final RpcDispatcher dispatcher;

    RpcController(RpcDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @PostMapping(PATH + "/{*target}")
    @Operation(summary = "Call a method of the workload bound under a name",
            description = "The path is the name followed by the method (/v1/rpc/robots/r1/speed.increase); the body is the "
                    + "JSON argument (at most 256 KiB). Every answer carries Coterie-Outcome: executed (200, the result), "
                    + "rejected (4xx/503 problem+json: the command did not run), or unknown (504 outcome-unknown, 502 "
                    + "workload-failed). With an Idempotency-Key the command runs at most once however often it is retried.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    description = "the command's JSON argument; empty means null",
                    content = @Content(mediaType = "application/json")),
            parameters = {
                @Parameter(name = "target", in = ParameterIn.PATH, required = true,
                        description = "the name, then the method as the last segment: robots/r1/speed.increase"),
                @Parameter(name = TIMEOUT_HEADER, in = ParameterIn.HEADER, description = "the caller's budget in ms, 1 to 300000 (10000 when absent)"),
                @Parameter(name = KEY_HEADER, in = ParameterIn.HEADER, description = "1 to 200 visible ASCII characters, scoped to the caller's principal")
            },
            responses = {
                @ApiResponse(responseCode = "200", description = "executed: the method's JSON result",
                        content = @Content(mediaType = "application/json")),
                @ApiResponse(responseCode = "4XX", description = "rejected: bad input, no token or grant, unknown name or method, "
                        + "a key reused for another request (422), rate limited", content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "502", description = "unknown: the method failed after it started (workload-failed)",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "503", description = "rejected: circuit open, no instance bound or reachable",
                        content = @Content(mediaType = "application/problem+json")),
                @ApiResponse(responseCode = "504", description = "unknown: the deadline passed first (outcome-unknown); retry with the key",
                        content = @Content(mediaType = "application/problem+json"))
            })
    Mono<ResponseEntity<byte[]>> call(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        Instant arrival = exchange.getAttributeOrDefault(RpcEdgeFilter.ARRIVAL, Instant.now());
        String rawKey = request.getHeaders().getFirst(KEY_HEADER);
        String key = CallRules.isValidKey(rawKey) ? rawKey : null;
        String target = request.getPath().pathWithinApplication().value().substring(PATH.length());
        int timeout;
        try {
            timeout = CallRules.timeoutMillis(request.getHeaders().getFirst(TIMEOUT_HEADER));
        } catch (RefusedException e) {
            return Mono.just(answer(RpcProblems.rejected(e.refusal(), PATH + target, key), hasUnreadBody(request)));
        }
        if (request.getHeaders().getContentLength() > CallRules.MAX_BODY_BYTES) {
            return Mono.just(answer(tooLarge(target, key), true));
        }
        return DataBufferUtils.join(request.getBody(), CallRules.MAX_BODY_BYTES)
                .map(RpcController::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> exchange.getPrincipal()
                        .flatMap(principal -> {
                            Refusal refusal = contentTypeRefusal(request, body);
                            return refusal != null
                                    ? Mono.just(RpcProblems.rejected(refusal, PATH + target, key))
                                    : dispatch(principal, target, body, rawKey, arrival.plusMillis(timeout));
                        })
                        .switchIfEmpty(Mono.fromSupplier(() -> RpcProblems.rejected(new Refusal(ProblemType.UNAUTHORIZED,
                                "this endpoint needs a bearer token (Authorization: Bearer <token>)"), PATH + target, key))))
                .map(response -> answer(response, false))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(answer(tooLarge(target, key), true)));
    }

    /** Everything else under /v1/rpc: only POST calls. */
    @Hidden
    @RequestMapping(PATH + "/**")
    ResponseEntity<byte[]> otherMethods(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String rawKey = request.getHeaders().getFirst(KEY_HEADER);
        RpcResponse refused = RpcProblems.rejected(new Refusal(ProblemType.METHOD_NOT_ALLOWED, request.getMethod()
                        + " is not allowed here: call a method with POST /v1/rpc/{name}/{method}"),
                request.getPath().pathWithinApplication().value(), CallRules.isValidKey(rawKey) ? rawKey : null);
        ResponseEntity<byte[]> answer = answer(refused, hasUnreadBody(request));
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header(HttpHeaders.ALLOW, "POST")
                .body(answer.getBody());
    }

    private Mono<RpcResponse> dispatch(java.security.Principal principal, String target, byte[] body, String key, Instant deadline) {
        if (!(principal instanceof JwtAuthenticationToken authentication)) {
            return Mono.just(RpcProblems.rejected(new Refusal(ProblemType.UNAUTHORIZED, "RPC needs a bearer token"), PATH + target,
                    CallRules.isValidKey(key) ? key : null));
        }
        Jwt jwt = authentication.getToken();
        int slash = target.lastIndexOf('/');
        String name = slash <= 0 ? "" : target.substring(0, slash);
        String method = slash < 0 ? "" : target.substring(slash + 1);
        if (name.isEmpty()) {
            return Mono.just(RpcProblems.rejected(new Refusal(ProblemType.INVALID_REQUEST,
                    "the path names no workload: call POST /v1/rpc/{name}/{method}, e.g. /v1/rpc/robots/r1/speed.get"),
                    PATH + target, CallRules.isValidKey(key) ? key : null));
        }
        List<String> grants = jwt.getClaimAsStringList(io.coterie.auth.TokenClaims.GRANTS);
        return dispatcher.call(new RpcRequest(jwt.getSubject(), grants == null ? List.of() : grants, jwt.getTokenValue(), name,
                method, body, key, deadline));
    }

    /** A body must say it is JSON; an empty one needs no type. */
    private static Refusal contentTypeRefusal(ServerHttpRequest request, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        MediaType type;
        try {
            type = request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type != null && type.getType().equals("application") && type.getSubtype().equals("json")) {
            return null;
        }
        return new Refusal(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the argument must be sent as Content-Type: application/json (got "
                + (type == null ? "none" : type.toString()) + ")");
    }

    private static RpcResponse tooLarge(String target, String key) {
        return RpcProblems.rejected(new Refusal(ProblemType.PAYLOAD_TOO_LARGE, "the argument may have at most "
                + CallRules.MAX_BODY_BYTES + " bytes"), PATH + target, key);
    }

    private static ResponseEntity<byte[]> answer(RpcResponse response, boolean closeConnection) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status())
                .header(HttpHeaders.CONTENT_TYPE, response.contentType())
                .header(OUTCOME_HEADER, response.outcome().wire());
        response.headers().forEach(builder::header);
        if (closeConnection) {
            // The rest of the request body is still in the stream; the next request on this connection would wait behind it.
            builder.header(HttpHeaders.CONNECTION, "close");
        }
        return builder.body(response.body());
    }

    private static boolean hasUnreadBody(ServerHttpRequest request) {
        return request.getHeaders().getContentLength() > 0 || request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
