package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A name whose workload keeps failing gets its circuit opened: calls are refused at once with 503
 * circuit-open and Retry-After, without reaching it; once the open time is over, one trial call
 * that succeeds closes it again. (Here circuits judge 4 calls and stay open 1 s.)
 */
class RpcCircuitBreakerTest extends RpcGatewayTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterEach
    void stopWorkloads() {
        closeWorkloads();
    }

    @Test
    void aFailingWorkloadOpensItsCircuitAndARecoveredOneClosesIt() {
        TestWorkload workload = workload();
        workload.delayMillis = 300;
        workload.failing = true;
        String name = freshName("flaky");
        bind(name, workload.port());
        String token = token("call:/test/");

        long realCallMillis = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            long started = System.nanoTime();
            HttpResponse<String> failed = post(name, "flaky", token, "{}", null, null);
            realCallMillis = Math.min(realCallMillis, (System.nanoTime() - started) / 1_000_000);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
        }

        long started = System.nanoTime();
        HttpResponse<String> open = post(name, "flaky", token, "{}", null, null);
        long openMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(open.statusCode()).as(open.body()).isEqualTo(503);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(open.headers().firstValue("Coterie-Outcome")).hasValue("rejected");
        assertThat(open.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(JSON.readTree(open.body()).get("type").asString()).isEqualTo("https://coterie.dev/problems/circuit-open");
        System.out.printf("circuit-open answered in %d ms; a real call took at least %d ms%n", openMillis, realCallMillis);
        assertThat(openMillis).as("refused at once, not after a call").isLessThan(realCallMillis / 3);
        assertThat(workload.executions("flaky")).isEqualTo(4);

        HttpResponse<String> keyed = post(name, "flaky", token, "{}", "while-open", null);
        assertThat(keyed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(keyed.body()).get("idempotencyKey").asString()).isEqualTo("while-open");
        assertThat(workload.executions("flaky")).isEqualTo(4);

        workload.failing = false;
        HttpResponse<String> recovered = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> post(name, "flaky", token, "{}", null, null), response -> response.statusCode() == 200);
        assertThat(recovered.headers().firstValue("Coterie-Outcome")).hasValue("executed");
        for (int i = 0; i < 5; i++) {
            assertThat(post(name, "flaky", token, "{}", null, null).statusCode()).as("closed again").isEqualTo(200);
        }
    }

    @Test
    void aDeadBackendOpensItsCircuitToo() {
        String name = freshName("dead");
        bind(name, deadPort());
        String token = token("call:/test/");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> refused = post(name, "anything", token, "{}", null, null);
            assertThat(JSON.readTree(refused.body()).get("type").asString()).endsWith("/unavailable");
        }
        HttpResponse<String> open = post(name, "anything", token, "{}", null, null);
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(open.body()).get("type").asString()).endsWith("/circuit-open");
    }
}
