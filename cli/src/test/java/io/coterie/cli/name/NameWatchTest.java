package io.coterie.cli.name;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NameWatchTest {

    private static final String BIND = "{\"type\":\"bind\",\"path\":\"/apps/web\",\"revision\":5,\"entry\":{\"kind\":\"service\","
            + "\"instances\":[{\"id\":\"i0\",\"address\":\"10.0.0.1\",\"port\":8080}],\"path\":\"/apps/web\",\"revision\":5}}";
    private static final String UNBIND = "{\"type\":\"unbind\",\"path\":\"/apps/web\",\"revision\":6}";

    private final StubServer server = new StubServer();

    NameWatchTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void printsBindsAndUnbindsUnderAPrefix() {
        server.answer(r -> Response.stream(out -> {
            send(out, ": keep-alive\n\n");
            send(out, "event: bind\nid: 5\ndata: " + BIND + "\n\n");
            send(out, "event: unbind\nid: 6\ndata: " + UNBIND + "\n\n");
        }));

        Result result = Cli.against(server, "name", "watch", "/apps/", "--from-revision", "5", "--count", "2");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("BIND /apps/web service 10.0.0.1:8080 rev=5\nUNBIND /apps/web rev=6\n");
        Request request = server.requests().get(0);
        assertThat(request.target()).isEqualTo("/v1/watch/names?prefix=%2Fapps%2F&fromRevision=5");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void jsonPrintsEachEventAsOneCompactLineAndAcceptsTheEntryItselfAsData() {
        String entryItself = "{\"kind\":\"link\",\"target\":\"/b\",\"path\":\"/a\",\"revision\":9}";
        server.answer(r -> Response.stream(out -> send(out, "event: bind\nid: 9\ndata: " + entryItself + "\n\n")));

        Result json = Cli.against(server, "name", "watch", "--path", "/a", "--count", "1", "-o", "json");
        Result text = Cli.against(server, "name", "watch", "--path", "/a", "--count", "1");

        assertThat(server.requests().get(0).target()).isEqualTo("/v1/watch/names?path=%2Fa");
        assertThat(json.out()).isEqualTo(entryItself + "\n");
        assertThat(text.out()).isEqualTo("BIND /a link -> /b rev=9\n");
    }

    @Test
    void resumesAfterTheLastEventIdWithoutRepeats() {
        AtomicInteger connection = new AtomicInteger();
        server.answer(r -> Response.stream(out -> {
            if (connection.incrementAndGet() == 1) {
                send(out, "event: bind\nid: 5\ndata: " + BIND + "\n\n");
            } else {
                send(out, "event: bind\nid: 5\ndata: " + BIND + "\n\n");
                send(out, "event: unbind\nid: 6\ndata: " + UNBIND + "\n\n");
            }
        }));

        Result result = Cli.against(server, "name", "watch", "/", "--count", "2");

        assertThat(result.out()).isEqualTo("BIND /apps/web service 10.0.0.1:8080 rev=5\nUNBIND /apps/web rev=6\n");
        assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("5");
    }

    @Test
    void needsExactlyOneOfPrefixAndPath() {
        assertThat(Cli.against(server, "name", "watch").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "name", "watch", "/a/", "--path", "/a").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "name", "watch", "/a/", "--count", "0").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
