package io.coterie.gateway.grpc;

import io.coterie.gateway.grpc.v1.CallReply;
import io.coterie.gateway.rpc.RpcResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an RPC answer over gRPC (docs/rpc.md, gRPC): a {@link CallReply} when the command was
 * executed, else the status of the HTTP-shaped answer with trailers {@code coterie-outcome}, the
 * problem document as {@code coterie-problem-bin}, and the answer's further headers
 * ({@code retry-after}, {@code coterie-replayed}).
 */
final class GrpcAnswers {

    static final Metadata.Key<String> OUTCOME = Metadata.Key.of("coterie-outcome", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<byte[]> PROBLEM = Metadata.Key.of("coterie-problem-bin", Metadata.BINARY_BYTE_MARSHALLER);

    /**
     * Clients refuse trailers beyond 8 KiB by default (grpc-java, grpc-go) and would then see a
     * transport error instead of the answer; RPC problems are far smaller, a workload's detail may not be.
     */
    private static final int MAX_PROBLEM_BYTES = 4096;
    private static final int MAX_DESCRIPTION_CHARS = 1024;
    private static final Set<String> NOT_FORWARDED = Set.of("content-type", "content-length", "te", "user-agent",
            "coterie-outcome");

    private final JsonMapper json;

    GrpcAnswers(JsonMapper json) {
        this.json = json;
    }

    void send(RpcResponse response, ServerCallStreamObserver<CallReply> call) {
        if (call.isCancelled()) {
            return; // the caller went away (its deadline passed, or it cancelled): nobody to answer
        }
        byte[] body = response.body() == null ? new byte[0] : response.body();
        Status.Code code = GrpcStatuses.of(response.status());
        if (code == Status.Code.OK) {
            call.onNext(CallReply.newBuilder()
                    .setOutcome(response.outcome().wire())
                    .setJson(new String(body, StandardCharsets.UTF_8))
                    .setReplayed("true".equalsIgnoreCase(header(response, "Coterie-Replayed")))
                    .build());
            call.onCompleted();
            return;
        }
        Metadata trailers = new Metadata();
        trailers.put(OUTCOME, response.outcome().wire());
        if (body.length > 0 && body.length <= MAX_PROBLEM_BYTES) {
            trailers.put(PROBLEM, body);
        }
        forward(response.headers(), trailers);
        call.onError(Status.fromCode(code).withDescription(description(response, body)).asRuntimeException(trailers));
    }

    private String description(RpcResponse response, byte[] body) {
        String description = null;
        try {
            var problem = json.readTree(body);
            description = problem.path("detail").asString(problem.path("title").asString(null));
        } catch (JacksonException | IllegalArgumentException e) {
            // Not a problem document: the status says enough.
        }
        if (description == null || description.isEmpty()) {
            description = "HTTP status " + response.status();
        }
        return description.length() > MAX_DESCRIPTION_CHARS ? description.substring(0, MAX_DESCRIPTION_CHARS) + "…" : description;
    }

    private static void forward(Map<String, String> headers, Metadata trailers) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (value == null || NOT_FORWARDED.contains(key) || key.startsWith("grpc-") || key.endsWith("-bin")
                    || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return;
            }
            try {
                trailers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
            } catch (IllegalArgumentException e) {
                // Not a valid metadata name: an HTTP-only header.
            }
        });
    }

    private static String header(RpcResponse response, String name) {
        if (response.headers() == null) {
            return null;
        }
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
