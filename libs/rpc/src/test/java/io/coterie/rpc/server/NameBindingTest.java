package io.coterie.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coterie.rpc.StubGateway;
import io.coterie.rpc.client.CallOptions;
import io.coterie.rpc.client.RpcClient;
import io.coterie.rpc.client.RpcResult;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/** Binding through the naming API, against a stand-in that keeps sessions and names like the real one. */
class NameBindingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StubGateway gateway = new StubGateway();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Endpoint endpoint = new Endpoint("/robots/r1", "alloc-7", "10.0.0.5", 4567);

    @AfterEach
    void stop() {
        gateway.close();
    }

    private NameBinding open(Duration renewEvery) throws Exception {
        return NameBinding.open(gateway.address(), gateway.ownToken(), endpoint, http, Duration.ofSeconds(5), renewEvery);
    }

    @Test
    void binds_an_ephemeral_service_entry_that_speaks_rpc() throws Exception {
        try (NameBinding binding = open(Duration.ofSeconds(3))) {
            JsonNode entry = JSON.readTree(gateway.entry("/robots/r1"));

            assertThat(gateway.sessionOf("/robots/r1")).isNotNull();
            assertThat(entry.path("kind").asString()).isEqualTo("service");
            JsonNode instance = entry.path("instances").get(0);
            assertThat(instance.path("id").asString()).isEqualTo("alloc-7");
            assertThat(instance.path("address").asString()).isEqualTo("10.0.0.5");
            assertThat(instance.path("port").asInt()).isEqualTo(4567);
            assertThat(instance.path("metadata").path("rpc").asString()).isEqualTo("coterie/1");
            assertThat(instance.path("health").asString()).isEqualTo("passing");
        }
    }

    @Test
    void keeps_the_session_alive() throws Exception {
        try (NameBinding binding = open(Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.keepalives() >= 3);
            assertThat(gateway.entry("/robots/r1")).isNotNull();
        }
    }

    @Test
    void a_lost_session_is_replaced_and_the_name_bound_again() throws Exception {
        try (NameBinding binding = open(Duration.ofMillis(50))) {
            Long first = gateway.sessionOf("/robots/r1");

            gateway.expireSessions();

            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.entry("/robots/r1") != null);
            assertThat(gateway.sessionOf("/robots/r1")).isNotEqualTo(first);
        }
    }

    @Test
    void closing_ends_the_session_and_with_it_the_name() throws Exception {
        NameBinding binding = open(Duration.ofSeconds(3));

        binding.close();

        assertThat(gateway.entry("/robots/r1")).isNull();
    }

    @Test
    void a_refused_bind_fails_at_once() {
        gateway.bindStatus(403);
        long start = System.nanoTime();

        assertThatThrownBy(() -> open(Duration.ofSeconds(3))).isInstanceOf(NameBinding.Refused.class)
                .hasMessageContaining("403");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void an_unreachable_gateway_is_retried_until_the_patience_runs_out() throws Exception {
        URI nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        assertThatThrownBy(() -> NameBinding.open(nowhere, "t", endpoint, http, Duration.ofMillis(700), Duration.ofSeconds(3)))
                .hasMessageContaining("within 700 ms").hasMessageContaining("cannot connect");
    }

    @Test
    void a_server_from_the_environment_binds_its_name_checks_tokens_and_is_callable_by_name() throws Exception {
        Map<String, String> env = Map.of("COTERIE_ADDR", gateway.address().toString(), "COTERIE_TOKEN", gateway.ownToken());
        try (RpcServer server = RpcServer.builder().name("/robots/r1").bind("127.0.0.1", 0).advertise("127.0.0.1")
                .method("hello", (argument, context) -> StringNode.valueOf("hello " + context.principal()))
                .fromEnvironment(env).start();
             RpcClient client = RpcClient.create(gateway.address(), gateway.token("alice", "call:/robots/"))) {
            assertThat(gateway.entry("/robots/r1")).contains("\"port\":" + server.port());

            RpcResult result = client.call("/robots/r1", "hello", new byte[0], CallOptions.DEFAULT);

            assertThat(result.executed()).isTrue();
            assertThat(result.json().asString()).isEqualTo("hello alice");

            server.close();
            assertThat(gateway.entry("/robots/r1")).isNull();
        }
    }
}
