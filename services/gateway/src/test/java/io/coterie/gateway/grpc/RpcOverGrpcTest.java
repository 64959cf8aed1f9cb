package io.coterie.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.coterie.gateway.edge.PrincipalRateLimits;
import io.coterie.gateway.grpc.v1.CallReply;
import io.coterie.gateway.grpc.v1.CallRequest;
import io.coterie.gateway.grpc.v1.RpcGrpc;
import io.coterie.rpc.RpcOutcome;
import io.coterie.gateway.rpc.RpcRequest;
import io.coterie.gateway.rpc.RpcResponse;
import io.coterie.teststore.TestStore;
import io.coterie.testsupport.auth.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code coterie.rpc.v1.Rpc/Call} over a real gRPC connection to the gateway, with a dispatcher
 * that records what reaches it: the caller, the call and its deadline arrive; every answer maps to
 * the gRPC status and trailers of docs/rpc.md; calls without a valid token never reach it; and the
 * gateway answers by the deadline whatever the dispatcher does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RpcOverGrpcTest {

    @TestConfiguration
    static class Dispatcher {
        @Bean
        @Primary
        TestDispatcher testDispatcher() {
            return new TestDispatcher();
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> TestStore.shared().members());
        // A bucket that hardly refills, so that an emptied one stays empty while a call is made;
        // its size is far above what the other tests spend.
        registry.add("coterie.gateway.rate-limit.per-second", () -> "0.01");
        registry.add("coterie.gateway.rate-limit.burst", () -> "1000");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestDispatcher dispatcher;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Autowired
    PrincipalRateLimits rateLimits;

    @LocalServerPort
    int httpPort;

    private static ManagedChannel channel;

    @AfterAll
    static void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void freshDispatcher() {
        dispatcher.reset();
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
        }
    }

    private static String token(String subject, String... grants) {
        return TestStore.shared().tokens().token(subject, List.of(grants), Duration.ofMinutes(10));
    }

    private static RpcGrpc.RpcBlockingStub stub(String authorization) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(AuthorizationMetadata.KEY, authorization);
        }
        return RpcGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static CallRequest call(String key) {
        return CallRequest.newBuilder().setName("/robots/r1").setMethod("speed.increase").setJson("{\"by\":2}")
                .setIdempotencyKey(key).build();
    }

    private static RpcResponse problem(RpcOutcome outcome, int status, String slug, String detail, Map<String, String> headers) {
        String body = "{\"type\":\"https://coterie.dev/problems/" + slug + "\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"outcome\":\"" + outcome.wire() + "\"}";
        return new RpcResponse(outcome, status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void theCallReachesTheDispatcherWithTheCallerAndTheCallersDeadline() throws Exception {
        assertThat(grpcServer.getPort()).as("its own port, random beside a random HTTP port").isNotIn(0, 9090, httpPort);
        String token = token("alice", "call:/robots/");
        dispatcher.answer(request -> Mono.just(TestDispatcher.executed("{\"speed\":3}", Map.of("Coterie-Replayed", "true"))));

        Instant clientDeadline = Instant.now().plusSeconds(5);
        CallReply reply = stub("Bearer " + token).withDeadlineAfter(5, TimeUnit.SECONDS).call(call("k-1"));

        assertThat(reply.getOutcome()).isEqualTo("executed");
        assertThat(reply.getJson()).isEqualTo("{\"speed\":3}");
        assertThat(reply.getReplayed()).isTrue();
        RpcRequest request = dispatcher.requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.principal()).isEqualTo("alice");
        assertThat(request.grants()).containsExactly("call:/robots/");
        assertThat(request.bearerToken()).isEqualTo(token);
        assertThat(request.name()).isEqualTo("/robots/r1");
        assertThat(request.method()).isEqualTo("speed.increase");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"by\":2}");
        assertThat(request.idempotencyKey()).isEqualTo("k-1");
        assertThat(request.deadline()).isCloseTo(clientDeadline, within(300, ChronoUnit.MILLIS));

        // The HTTP side of the same gateway answers on its own port meanwhile.
        HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    @Test
    void aCallWithoutADeadlineGetsTenSecondsAndNoCallMoreThanThreeHundred() throws Exception {
        RpcGrpc.RpcBlockingStub caller = stub("Bearer " + token("alice", "call:/robots/"));

        Instant sent = Instant.now();
        caller.call(call(""));
        RpcRequest unbounded = dispatcher.requests.poll(5, TimeUnit.SECONDS);
        assertThat(unbounded.deadline()).isCloseTo(sent.plusSeconds(10), within(300, ChronoUnit.MILLIS));
        assertThat(unbounded.idempotencyKey()).as("an empty key is no key").isNull();

        sent = Instant.now();
        caller.withDeadlineAfter(1, TimeUnit.HOURS).call(call("k-2"));
        assertThat(dispatcher.requests.poll(5, TimeUnit.SECONDS).deadline()).isCloseTo(sent.plusSeconds(300), within(300, ChronoUnit.MILLIS));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "400, REJECTED, INVALID_ARGUMENT, invalid-request",
            "413, REJECTED, INVALID_ARGUMENT, payload-too-large",
            "422, REJECTED, INVALID_ARGUMENT, idempotency-key-reused",
            "401, REJECTED, UNAUTHENTICATED, unauthorized",
            "403, REJECTED, PERMISSION_DENIED, forbidden",
            "404, REJECTED, NOT_FOUND, not-found",
            "429, REJECTED, RESOURCE_EXHAUSTED, rate-limited",
            "503, REJECTED, UNAVAILABLE, circuit-open",
            "504, REJECTED, DEADLINE_EXCEEDED, deadline-exceeded",
            "504, UNKNOWN, DEADLINE_EXCEEDED, outcome-unknown",
            "502, UNKNOWN, INTERNAL, workload-failed"})
    void eachAnswerMapsToItsStatusAndTrailers(int status, RpcOutcome outcome, Status.Code code, String slug) {
        RpcResponse answer = problem(outcome, status, slug, "because " + slug, Map.of("Retry-After", "1", "Coterie-Replayed", "true"));
        dispatcher.answer(request -> Mono.just(answer));

        assertThatThrownBy(() -> stub("Bearer " + token("alice", "call:/robots/")).withDeadlineAfter(5, TimeUnit.SECONDS).call(call("k-3")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).isEqualTo("because " + slug);
                    assertThat(e.getTrailers().get(GrpcAnswers.OUTCOME)).isEqualTo(outcome.wire());
                    assertThat(e.getTrailers().get(GrpcAnswers.PROBLEM)).isEqualTo(answer.body());
                    assertThat(Long.parseLong(e.getTrailers().get(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER))))
                            .isBetween(1L, 100L);
                    assertThat(e.getTrailers().get(Metadata.Key.of("coterie-replayed", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("true");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic YWxpY2U6c2VjcmV0", "Bearer ", "Bearer nonsense", "forged", "expired"})
    void aCallWithoutAValidTokenIsUnauthenticatedAndNeverDispatched(String authorization) {
        String sent = switch (authorization) {
            case "" -> null;
            case "forged" -> "Bearer " + TestTokens.forged("alice", List.of("call:/robots/"));
            case "expired" -> "Bearer " + TestStore.shared().tokens().expired("alice", List.of("call:/robots/"), Duration.ofMinutes(5));
            default -> authorization;
        };

        assertThatThrownBy(() -> stub(sent).withDeadlineAfter(5, TimeUnit.SECONDS).call(call("k-4")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).containsAnyOf("needs a bearer token", "Bearer <token>", "not valid");
                    assertThat(e.getTrailers().get(GrpcAnswers.OUTCOME)).isEqualTo("rejected");
                    JsonNode problem = JSON.readTree(e.getTrailers().get(GrpcAnswers.PROBLEM));
                    assertThat(problem.path("type").asString()).isEqualTo("https://coterie.dev/problems/unauthorized");
                    assertThat(problem.path("outcome").asString()).isEqualTo("rejected");
                });
        assertThat(dispatcher.requests).isEmpty();
    }

    @Test
    void theCallersDeadlineEndsTheCallAndTheWorkBehindIt() {
        dispatcher.answer(request -> Mono.never());

        long started = System.nanoTime();
        assertThatThrownBy(() -> stub("Bearer " + token("alice", "call:/robots/")).withDeadlineAfter(500, TimeUnit.MILLISECONDS).call(call("k-5")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.cancelled.get() == 1);
    }

    @Test
    void withoutADeadlineTheGatewayAnswersOutcomeUnknownAtTenSeconds() {
        dispatcher.answer(request -> Mono.never());

        long started = System.nanoTime();
        assertThatThrownBy(() -> stub("Bearer " + token("alice", "call:/robots/")).call(call("k-6")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.getTrailers().get(GrpcAnswers.OUTCOME)).isEqualTo("unknown");
                    JsonNode problem = JSON.readTree(e.getTrailers().get(GrpcAnswers.PROBLEM));
                    assertThat(problem.path("type").asString()).isEqualTo("https://coterie.dev/problems/outcome-unknown");
                    assertThat(problem.path("idempotencyKey").asString()).isEqualTo("k-6");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(9_900), Duration.ofMillis(11_500));
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.cancelled.get() == 1);
    }

    @Test
    void aFailingDispatcherIsAnInternalErrorWithOutcomeUnknown() {
        dispatcher.answer(request -> Mono.error(new IllegalStateException("boom")));

        assertThatThrownBy(() -> stub("Bearer " + token("alice", "call:/robots/")).withDeadlineAfter(5, TimeUnit.SECONDS).call(call("k-7")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).doesNotContain("boom");
                    assertThat(e.getTrailers().get(GrpcAnswers.OUTCOME)).isEqualTo("unknown");
                });
    }

    @Test
    void aPrincipalOverItsRateIsRefusedBeforeTheDispatcherAsOverHttp() {
        // Empty the principal's bucket (the one the HTTP edge uses too), then call over gRPC.
        while (rateLimits.tryAcquire("bursty").isEmpty()) {
            // taking tokens until the bucket refuses
        }

        assertThatThrownBy(() -> stub("Bearer " + token("bursty", "call:/robots/")).withDeadlineAfter(5, TimeUnit.SECONDS).call(call("k-8")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getTrailers().get(GrpcAnswers.OUTCOME)).isEqualTo("rejected");
                    assertThat(Long.parseLong(e.getTrailers().get(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER))))
                            .isBetween(1L, 100L);
                    JsonNode problem = JSON.readTree(e.getTrailers().get(GrpcAnswers.PROBLEM));
                    assertThat(problem.path("type").asString()).isEqualTo("https://coterie.dev/problems/rate-limited");
                });
        assertThat(dispatcher.requests).isEmpty();
    }
}
