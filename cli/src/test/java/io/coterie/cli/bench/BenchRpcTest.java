package io.coterie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.auth.Grants;
import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.rpc.server.Caller;
import io.coterie.rpc.server.RpcServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(60)
class BenchRpcTest {

    private final FakeRpcGateway gateway = new FakeRpcGateway();

    BenchRpcTest() throws IOException {
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Result bench(String... args) {
        return new Cli().env("COTERIE_ADDR", gateway.address()).env("COTERIE_TOKEN", gateway.adminToken()).run(args);
    }

    private List<Request> gatewayCalls() {
        return gateway.requests().stream().filter(r -> r.rawPath().startsWith("/v1/rpc/")).toList();
    }

    @Test
    void measuresEveryPathAgainstItsOwnWorkloadAndUnbindsItAfterwards() {
        Result result = bench("bench", "rpc", "--clients", "2", "--ops", "30", "--warmup", "3", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("via").asString()).isEqualTo("gateway");
        assertThat(report.get("ops").asLong()).isEqualTo(30);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("opsPerSecond").asDouble()).isPositive();
        assertThat(report.has("seconds") && report.has("p50Ms") && report.has("p99Ms")).isTrue();
        assertThat(report.get("workload").asString()).isEqualTo("in-process");
        String name = report.get("name").asString();
        assertThat(name).matches("/bench/rpc-[0-9a-z]+");
        assertThat(report.get("paths").propertyNames()).containsExactly("direct", "gateway", "client");
        for (JsonNode path : report.get("paths").values()) {
            assertThat(path.get("ops").asLong()).isEqualTo(30);
            assertThat(path.get("errors").asLong()).isZero();
            assertThat(path.get("p99Ms").asDouble()).isPositive();
        }
        JsonNode paths = report.get("paths");
        assertThat(report.get("gatewayOverDirect").get("throughputRatio").asDouble()).isCloseTo(
                paths.get("gateway").get("opsPerSecond").asDouble() / paths.get("direct").get("opsPerSecond").asDouble(),
                org.assertj.core.api.Assertions.within(0.001));
        assertThat(report.get("gatewayOverDirect").get("addedP99Ms").asDouble()).isCloseTo(
                paths.get("gateway").get("p99Ms").asDouble() - paths.get("direct").get("p99Ms").asDouble(),
                org.assertj.core.api.Assertions.within(0.001));
        assertThat(report.get("clientOverGateway").has("throughputRatio")).isTrue();

        assertThat(gateway.requests()).anySatisfy(r -> assertThat(r.method() + " " + r.target())
                .isEqualTo("PUT /v1/names" + name + "?session=" + FakeRpcGateway.SESSION));
        assertThat(gatewayCalls()).hasSizeGreaterThanOrEqualTo(33).allSatisfy(r -> {
            assertThat(r.rawPath()).isEqualTo("/v1/rpc" + name + "/echo");
            assertThat(r.bodyText()).isEqualTo("{\"n\":1}");
            assertThat(r.header("Coterie-Timeout")).isEqualTo("30000");
            assertThat(r.header("Idempotency-Key")).isNull();
        });
        assertThat(gateway.requests().get(gateway.requests().size() - 1).method() + " "
                + gateway.requests().get(gateway.requests().size() - 1).rawPath())
                .isEqualTo("DELETE /v1/sessions/" + FakeRpcGateway.SESSION);
    }

    @Test
    void theTableShowsTheMainFieldsEveryPathAndTheComparisons() {
        Result result = bench("bench", "rpc", "--clients", "1", "--ops", "5", "--warmup", "0", "--via", "client");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("ops:").contains("\nvia:             client\n", "\nPATH ")
                .containsPattern("\ndirect +5 +0 ").containsPattern("\ngateway +5 +0 ").containsPattern("\nclient +5 +0 ")
                .containsPattern("\ngateway over direct: [0-9.]+ of the throughput, [+-][0-9.]+ ms p50, [+-][0-9.]+ ms p90, [+-][0-9.]+ ms p99\n")
                .contains("\nclient over gateway: ");
    }

    @Test
    void idempotencyKeysGiveEveryCallAKeyOfItsOwn() {
        Result result = bench("bench", "rpc", "--paths", "gateway", "--clients", "2", "--ops", "20", "--warmup", "5",
                "--idempotency-keys", "--method", "counter.increase", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("idempotencyKeys").asBoolean()).isTrue();
        assertThat(report.get("paths").propertyNames()).containsExactly("gateway");
        assertThat(report.has("gatewayOverDirect")).isFalse();
        List<String> keys = gatewayCalls().stream().map(r -> r.header("Idempotency-Key")).filter(k -> k != null).toList();
        assertThat(keys).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void callsAnExistingWorkloadByNameAndReportsTheViaPath() {
        AtomicInteger calls = new AtomicInteger();
        try (RpcServer workload = RpcServer.builder().name("/robots/r1").bind("127.0.0.1", 0)
                .method("speed.get", (argument, context) -> {
                    calls.incrementAndGet();
                    return argument;
                })
                .tokenVerifier(token -> new Caller("root", Grants.parse(List.of("admin:")))).start()) {
            gateway.bind("/robots/r1", "127.0.0.1", workload.port());

            Result result = bench("bench", "rpc", "--name", "/robots/r1", "--method", "speed.get", "--via", "direct",
                    "--paths", "direct,client", "--rounds", "2", "--ops", "10", "--warmup", "0", "-o", "json");

            assertThat(result.exit()).as(result.err()).isZero();
            JsonNode report = Json.mapper().readTree(result.out());
            assertThat(report.get("via").asString()).isEqualTo("direct");
            assertThat(report.get("workload").asString()).isEqualTo("existing");
            assertThat(report.get("ops").asLong()).isEqualTo(20);
            assertThat(report.get("paths").get("client").get("ops").asLong()).isEqualTo(20);
            assertThat(report.has("gatewayOverDirect") || report.has("clientOverGateway")).isFalse();
            assertThat(calls.get()).isEqualTo(41);
            assertThat(gatewayCalls()).isEmpty();
        }
    }

    @Test
    void aMethodThatCannotBeCalledFailsTheRunAtOnce() {
        try (RpcServer workload = RpcServer.builder().name("/robots/r1").bind("127.0.0.1", 0)
                .method("speed.get", (argument, context) -> argument)
                .tokenVerifier(token -> new Caller("root", Grants.parse(List.of("admin:")))).start()) {
            gateway.bind("/robots/r1", "127.0.0.1", workload.port());

            Result result = bench("bench", "rpc", "--name", "/robots/r1", "--method", "speed.set", "--ops", "10");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.errLines()[result.errLines().length - 1])
                    .startsWith("coterie: a first call along the gateway path failed: POST /v1/rpc/robots/r1/speed.set answered HTTP 404")
                    .contains("no method 'speed.set'");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(bench("bench", "rpc", "--ops", "10", "--duration", "1s").exit()).isEqualTo(2);
        assertThat(bench("bench", "rpc", "--method", "speed.get").exit()).isEqualTo(2);
        assertThat(bench("bench", "rpc", "--clients", "0").exit()).isEqualTo(2);
        assertThat(bench("bench", "rpc", "--paths", "direct,sideways").exit()).isEqualTo(2);
        assertThat(bench("bench", "rpc", "--data", "{oops").exit()).isEqualTo(2);
        assertThat(gateway.requests()).isEmpty();
    }
}
