package io.coterie.cli.id;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class IdNextTest {

    private static final String TWO_RANGES = "{\"count\":5,\"ranges\":[{\"first\":10,\"count\":3},{\"first\":9007199254740993,\"count\":2}]}";

    private final StubServer server = new StubServer();

    IdNextTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void expandsTheRangesOneIdPerLine() {
        server.answer(r -> json(200, TWO_RANGES));

        Result result = Cli.against(server, "id", "next", "--count", "5");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("10\n11\n12\n9007199254740993\n9007199254740994\n");
        assertThat(server.onlyRequest().method()).isEqualTo("POST");
        assertThat(server.onlyRequest().target()).isEqualTo("/v1/ids?count=5");
    }

    @Test
    void jsonIsOneDocumentWithEveryId() {
        server.answer(r -> json(200, TWO_RANGES));

        Result result = Cli.against(server, "id", "next", "--count", "5", "-o", "json");

        JsonNode document = Json.mapper().readTree(result.out());
        assertThat(document.get("count").asLong()).isEqualTo(5);
        assertThat(document.get("ids")).extracting(JsonNode::asLong)
                .containsExactly(10L, 11L, 12L, 9007199254740993L, 9007199254740994L);
        assertThat(result.out()).hasLineCount(1);
    }

    @Test
    void oneIdByDefault() {
        server.answer(r -> json(200, "{\"count\":1,\"ranges\":[{\"first\":77,\"count\":1}]}"));

        assertThat(Cli.against(server, "id", "next").out()).isEqualTo("77\n");
        assertThat(server.onlyRequest().rawQuery()).isEqualTo("count=1");
    }

    @Test
    void aHundredThousandIdsStreamOut() {
        server.answer(r -> json(200, "{\"count\":100000,\"ranges\":[{\"first\":1,\"count\":60000},{\"first\":500000,\"count\":40000}]}"));

        Result text = Cli.against(server, "id", "next", "--count", "100000");
        Result json = Cli.against(server, "id", "next", "--count", "100000", "-o", "json");

        String[] lines = text.out().split("\n");
        assertThat(lines).hasSize(100_000);
        assertThat(lines[59_999]).isEqualTo("60000");
        assertThat(lines[60_000]).isEqualTo("500000");
        assertThat(lines[99_999]).isEqualTo("539999");
        assertThat(Json.mapper().readTree(json.out()).get("ids").size()).isEqualTo(100_000);
    }

    @Test
    void aBadCountIsAUsageErrorOrTheServersAnswer() {
        server.answer(r -> problem(400, "invalid-request", "count must be 1 to 100000"));

        assertThat(Cli.against(server, "id", "next", "--count", "0").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
        Result tooMany = Cli.against(server, "id", "next", "--count", "100001");
        assertThat(tooMany.exit()).isEqualTo(1);
        assertThat(tooMany.errLines()).containsExactly("coterie: count must be 1 to 100000");
    }
}
