package io.coterie.cli.cluster;

import static io.coterie.cli.testing.StubServer.Response.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterCommandsTest {

    private static final String STATUS = "{\"leader\":\"p1\",\"term\":3,\"members\":["
            + "{\"id\":\"p1\",\"address\":\"127.0.0.1:9001\",\"role\":\"leader\",\"term\":3,\"commitIndex\":12,\"appliedIndex\":12},"
            + "{\"id\":\"p2\",\"address\":\"127.0.0.1:9002\",\"role\":\"follower\",\"term\":3,\"commitIndex\":12,\"appliedIndex\":11}],"
            + "\"commitIndex\":12}";

    private final StubServer server = new StubServer();

    ClusterCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusAsJsonIsExactlyTheServersDocument() {
        server.answer(r -> json(200, STATUS));

        Result result = Cli.against(server, "cluster", "status", "-o", "json");

        assertThat(server.onlyRequest().target()).isEqualTo("/v1/cluster");
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree(STATUS));
    }

    @Test
    void statusAsATable() {
        server.answer(r -> json(200, STATUS));

        assertThat(Cli.against(server, "cluster", "status").out()).startsWith("leader: p1  term: 3  commit index: 12\n\nID  ADDRESS")
                .contains("p2  127.0.0.1:9002  follower  3     12      11\n");
    }

    @Test
    void addPeerPostsTheMemberAndPrintsTheAnsweredStatus() {
        server.answer(r -> json(200, STATUS));

        Result result = Cli.against(server, "cluster", "add-peer", "p2", "127.0.0.1:9002", "-o", "json");

        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/cluster/members");
        assertThat(Json.mapper().readTree(request.bodyText()))
                .isEqualTo(Json.mapper().readTree("{\"id\":\"p2\",\"address\":\"127.0.0.1:9002\"}"));
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree(STATUS));
    }

    @Test
    void removePeerReadsTheStatusWhenTheAnswerIsNotOne() {
        server.answer(r -> r.method().equals("DELETE") ? new Response(204, "application/json", new byte[0], null) : json(200, STATUS));

        Result result = Cli.against(server, "cluster", "remove-peer", "p 3");

        assertThat(result.exit()).isZero();
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("DELETE /v1/cluster/members/p%203", "GET /v1/cluster");
        assertThat(result.out()).startsWith("leader: p1");
    }

    @Test
    void transferLeaderWaitsBrieflyForTheNewLeader() {
        AtomicInteger reads = new AtomicInteger();
        server.answer(r -> {
            if (r.method().equals("POST")) {
                return json(200, "{}");
            }
            return json(200, reads.incrementAndGet() < 3 ? STATUS : STATUS.replace("\"leader\":\"p1\"", "\"leader\":\"p2\""));
        });

        Result result = Cli.against(server, "cluster", "transfer-leader", "p2");

        assertThat(Json.mapper().readTree(server.requests().get(0).bodyText())).isEqualTo(Json.mapper().readTree("{\"id\":\"p2\"}"));
        assertThat(server.requests().get(0).rawPath()).isEqualTo("/v1/cluster/leader");
        assertThat(result.out()).startsWith("leader: p2");
    }
}
