package io.coterie.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.StubGateway;
import io.coterie.rpc.server.JwksTokenVerifier;
import io.coterie.rpc.server.RpcServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

/** The in-process client against a real workload server and a stand-in for the naming API. */
class RpcClientTest {

    private StubGateway gateway;
    private RpcServer workload;
    private RpcClient client;
    private final AtomicInteger speed = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    @BeforeEach
    void start() {
        gateway = new StubGateway();
        workload = RpcServer.builder().name("/robots/r1").bind("127.0.0.1", 0)
                .tokenVerifier(new JwksTokenVerifier(gateway.address(), gateway.ownToken()))
                .method("speed.increase", (argument, context) -> IntNode.valueOf(speed.incrementAndGet()))
                .method("speed.get", (argument, context) -> IntNode.valueOf(speed.get()))
                .method("slow", (argument, context) -> {
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return IntNode.valueOf(speed.incrementAndGet());
                })
                .start();
        gateway.bind("/robots/r1", StubGateway.rpcInstance("a", workload.port()));
        client = RpcClient.create(gateway.address(), gateway.token("alice", "call:/robots/", "read:/robots/"));
    }

    @AfterEach
    void stop() {
        gate.countDown();
        client.close();
        workload.close();
        gateway.close();
    }

    private static byte[] none() {
        return new byte[0];
    }

    @Test
    void a_call_by_name_reaches_the_workload() {
        RpcResult result = client.call("/robots/r1", "speed.increase", none(), CallOptions.DEFAULT);

        assertThat(result.outcome()).isEqualTo(RpcOutcome.EXECUTED);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().asInt()).isEqualTo(1);
    }

    @Test
    void names_are_resolved_at_most_once_a_second() {
        for (int i = 0; i < 20; i++) {
            assertThat(client.call("/robots/r1", "speed.get", none(), CallOptions.DEFAULT).executed()).isTrue();
        }

        assertThat(gateway.nameReads()).isBetween(1, 2);
    }

    @Test
    void a_repeated_key_is_replayed_by_the_workload() {
        CallOptions keyed = CallOptions.DEFAULT.withKey("k1");

        RpcResult first = client.call("/robots/r1", "speed.increase", none(), keyed);
        RpcResult second = client.call("/robots/r1", "speed.increase", none(), keyed);

        assertThat(first.json().asInt()).isEqualTo(1);
        assertThat(second.json().asInt()).isEqualTo(1);
        assertThat(second.replayed()).isTrue();
        assertThat(speed).hasValue(1);
    }

    @Test
    void an_unbound_name_is_rejected_as_not_found() {
        RpcResult result = client.call("/robots/nobody", "speed.get", none(), CallOptions.DEFAULT);

        assertThat(result.outcome()).isEqualTo(RpcOutcome.REJECTED);
        assertThat(result.status()).isEqualTo(404);
    }

    @Test
    void a_name_without_an_rpc_instance_is_unavailable() {
        gateway.bind("/robots/plain", "{\"id\":\"x\",\"address\":\"127.0.0.1\",\"port\":" + workload.port() + ",\"metadata\":{}}");

        RpcResult result = client.call("/robots/plain", "speed.get", none(), CallOptions.DEFAULT);

        assertThat(result.outcome()).isEqualTo(RpcOutcome.REJECTED);
        assertThat(result.status()).isEqualTo(503);
        assertThat(result.json().path("type").asString()).endsWith("/unavailable");
    }

    @Test
    void a_refused_connection_resolves_again_and_follows_the_workload_to_its_new_home() throws Exception {
        int dead = freePort();
        gateway.bind("/robots/moving", StubGateway.rpcInstance("old", dead));
        assertThat(client.call("/robots/moving", "speed.get", none(), CallOptions.DEFAULT).status()).isEqualTo(503);
        int readsBefore = gateway.nameReads();

        gateway.bind("/robots/moving", StubGateway.rpcInstance("new", workload.port()));
        client.call("/robots/moving", "speed.get", none(), CallOptions.DEFAULT); // may still use the cached old home...
        RpcResult result = client.call("/robots/moving", "speed.increase", none(), CallOptions.DEFAULT);

        assertThat(result.outcome()).isEqualTo(RpcOutcome.EXECUTED); // ...but a refusal re-resolves at once
        assertThat(gateway.nameReads()).isGreaterThan(readsBefore);
    }

    @Test
    void a_workload_slower_than_the_deadline_gives_an_unknown_outcome_and_the_key_learns_the_result() {
        gate = new CountDownLatch(1);
        CallOptions keyed = new CallOptions("slow-1", Duration.ofMillis(300));

        RpcResult timedOut = client.call("/robots/r1", "slow", none(), keyed);

        assertThat(timedOut.outcome()).isEqualTo(RpcOutcome.UNKNOWN);
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.json().path("idempotencyKey").asString()).isEqualTo("slow-1");

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> speed.get() == 1);
        RpcResult retried = client.call("/robots/r1", "slow", none(), keyed.withTimeout(Duration.ofSeconds(5)));
        assertThat(retried.executed()).isTrue();
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.json().asInt()).isEqualTo(1);
    }

    @Test
    void a_known_address_is_called_directly() {
        try (RpcClient direct = RpcClient.direct(gateway.token("alice", "call:/robots/"))) {
            RpcResult result = direct.callAt(URI.create("http://127.0.0.1:" + workload.port()), "speed.increase",
                    "{}".getBytes(StandardCharsets.UTF_8), CallOptions.DEFAULT);

            assertThat(result.executed()).isTrue();
            assertThat(gateway.nameReads()).isZero();
        }
    }

    @Test
    void a_bad_name_or_method_is_rejected_before_anything_is_sent() {
        assertThat(client.call("robots/r1", "speed.get", none(), CallOptions.DEFAULT).status()).isEqualTo(400);
        assertThat(client.call("/robots/r 1", "speed.get", none(), CallOptions.DEFAULT).status()).isEqualTo(400);
        assertThat(client.call("/sys/services/x", "speed.get", none(), CallOptions.DEFAULT).status()).isEqualTo(403);
        RpcResult badMethod = client.call("/robots/r1", "speed get", none(), CallOptions.DEFAULT);

        assertThat(badMethod.outcome()).isEqualTo(RpcOutcome.REJECTED);
        assertThat(badMethod.status()).isEqualTo(400);
        assertThat(gateway.nameReads()).isZero();
    }

    @Test
    void a_dead_address_is_rejected_as_unavailable() throws Exception {
        RpcResult result = client.callAt(URI.create("http://127.0.0.1:" + freePort()), "speed.get", none(), CallOptions.DEFAULT);

        assertThat(result.outcome()).isEqualTo(RpcOutcome.REJECTED);
        assertThat(result.status()).isEqualTo(503);
    }

    /**
     * The JDK server writes an answer's headers and body separately: without TCP_NODELAY every call
     * on a kept-alive connection would wait for the caller's delayed ACK (40 ms or more).
     */
    @Test
    void calls_on_a_kept_alive_connection_do_not_wait_for_delayed_acks() {
        client.call("/robots/r1", "speed.get", none(), CallOptions.DEFAULT);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            long start = System.nanoTime();
            assertThat(client.call("/robots/r1", "speed.get", none(), CallOptions.DEFAULT).executed()).isTrue();
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        assertThat(millis.stream().sorted().toList().get(20)).as("median of %s", millis).isLessThan(30);
    }

    @Test
    void many_threads_share_one_client() throws Exception {
        int threads = 16;
        int callsEach = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> executed = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            executed.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < callsEach; i++) {
                    // Every other call carries a key of its own, so every call runs once.
                    CallOptions options = i % 2 == 0 ? CallOptions.DEFAULT : CallOptions.DEFAULT.withKey("t" + thread + "-" + i);
                    if (client.call("/robots/r1", "speed.increase", none(), options).executed()) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int total = 0;
        for (Future<Integer> f : executed) {
            total += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(total).isEqualTo(threads * callsEach);
        assertThat(speed).hasValue(threads * callsEach);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
