package io.coterie.cli.job;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class JobCommandsTest {

    private static final String STATUS = "{\"name\":\"web\",\"desired\":\"running\",\"allocations\":["
            + "{\"index\":0,\"id\":\"web.0.1001\",\"pid\":1001,\"host\":\"h1\",\"state\":\"running\",\"restarts\":0},"
            + "{\"index\":1,\"id\":\"web.1.1002\",\"pid\":1002,\"host\":\"h2\",\"state\":\"exited\",\"exitCode\":3,\"restarts\":1}],"
            + "\"pending\":[{\"index\":2,\"explanation\":\"2 hosts: 2 short of memory\"}]}";

    private final StubServer server = new StubServer();

    JobCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runSendsTheSpecWithTheCommandAfterTheDoubleDash() {
        server.answer(r -> json(201, STATUS));

        Result result = Cli.against(server, "job", "run", "--name", "web", "--cpus", "0.5", "--memory", "256Mi", "--replicas", "3",
                "--constraint", "zone=edge", "--env", "MODE=fast", "--restart", "on-failure", "--", "/bin/sh", "-c", "echo hi; exit 3");

        assertThat(result.exit()).as(result.err()).isZero();
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/jobs");
        JsonNode spec = Json.mapper().readTree(request.bodyText());
        assertThat(spec.get("name").asString()).isEqualTo("web");
        assertThat(spec.get("command")).extracting(JsonNode::asString).containsExactly("/bin/sh", "-c", "echo hi; exit 3");
        assertThat(spec.get("cpus").asDouble()).isEqualTo(0.5);
        assertThat(spec.get("memory").asString()).isEqualTo("256Mi");
        assertThat(spec.get("replicas").asInt()).isEqualTo(3);
        assertThat(spec.get("constraints").get(0).asString()).isEqualTo("zone=edge");
        assertThat(spec.get("env").get("MODE").asString()).isEqualTo("fast");
        assertThat(spec.get("restart").get("policy").asString()).isEqualTo("on-failure");
        assertThat(result.out()).contains("h1").contains("1001").contains("pending 2: 2 hosts: 2 short of memory");
    }

    @Test
    void statusShowsReplicasAndJsonIsTheServersDocument() {
        server.answer(r -> json(200, STATUS));

        Result table = Cli.against(server, "job", "status", "web");
        Result json = Cli.against(server, "job", "status", "web", "-o", "json");

        assertThat(table.out()).contains("exited").contains("3");
        assertThat(Json.mapper().readTree(json.out()).get("allocations").get(1).get("exitCode").asInt()).isEqualTo(3);
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/jobs/web");
    }

    @Test
    void logsPrintTheAgentsTextAndStopSaysSo() {
        server.answer(r -> r.method().equals("DELETE") ? json(200, "{}")
                : new Response(200, "text/plain", "line one\nline two\n".getBytes(StandardCharsets.UTF_8), null));

        Result logs = Cli.against(server, "job", "logs", "web", "--index", "1", "--stderr", "--tail", "2");
        Result stopped = Cli.against(server, "job", "stop", "web");

        assertThat(logs.out()).isEqualTo("line one\nline two\n");
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/jobs/web/allocations/1/logs?stream=stderr&tail=2");
        assertThat(server.requests().get(0).header("Accept")).startsWith("text/plain");
        assertThat(stopped.out()).isEqualTo("stopping web\n");
        assertThat(server.requests().get(1).method()).isEqualTo("DELETE");
    }

    @Test
    void badArgumentsAreUsageErrorsAndARefusedSpecIsOneLine() {
        assertThat(Cli.against(server, "job", "run", "--name", "w", "--cpus", "1", "--exclusive-cpus", "1", "--", "x").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "job", "run", "--name", "w", "--env", "NOEQUALS", "--", "x").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "job", "run", "--name", "w").exit()).as("no command").isEqualTo(2);
        assertThat(Cli.against(server, "job", "logs", "w", "--tail", "0").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();

        server.answer(r -> problem(400, "invalid-request", "name must match [a-z0-9][a-z0-9-]{0,62} (got 'Web')"));
        Result refused = Cli.against(server, "job", "run", "--name", "Web", "--", "true");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).contains("name must match");
    }

    @Test
    void hostLsPrintsCapacityAndAllocation() {
        server.answer(r -> json(200, "[{\"id\":\"h1\",\"cpus\":2,\"memoryBytes\":2147483648,\"allocatedCpus\":0.5,"
                + "\"allocatedMemoryBytes\":268435456,\"status\":\"up\",\"labels\":{\"zone\":\"edge\"}}]"));

        Result table = Cli.against(server, "host", "ls");
        Result json = Cli.against(server, "host", "ls", "-o", "json");

        assertThat(table.out()).contains("h1").contains("up").contains("2048Mi").contains("256Mi").contains("zone=edge");
        assertThat(Json.mapper().readTree(json.out()).get(0).get("allocatedCpus").asDouble()).isEqualTo(0.5);
    }
}
