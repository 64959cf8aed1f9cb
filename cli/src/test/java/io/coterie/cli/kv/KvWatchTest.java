package io.coterie.cli.kv;

import static io.coterie.cli.testing.StubServer.Response.problem;
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
class KvWatchTest {

    private final StubServer server = new StubServer();

    KvWatchTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String put(String key, String value, long revision) {
        return "{\"type\":\"put\",\"key\":\"" + key + "\",\"value\":\"" + value + "\",\"revision\":" + revision
                + ",\"createRevision\":" + revision + ",\"version\":1}";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void printsOneLinePerEventAndStopsAfterCount() {
        server.answer(r -> Response.stream(out -> {
            send(out, ": keep-alive\n\n");
            send(out, "event: put\nid: 5\ndata: " + put("app/a", "1", 5) + "\n\n");
            send(out, "event: delete\nid: 6\ndata: {\"type\":\"delete\",\"key\":\"app/a\",\"revision\":6}\n\n");
        }));

        Result result = Cli.against(server, "kv", "watch", "app/", "--from-revision", "5", "--count", "2");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("PUT app/a=1 rev=5\nDELETE app/a rev=6\n");
        Request request = server.requests().get(0);
        assertThat(request.target()).isEqualTo("/v1/watch?prefix=app%2F&fromRevision=5");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void jsonModePrintsOneCompactObjectPerLine() {
        server.answer(r -> Response.stream(out -> send(out, "event: put\nid: 5\ndata: " + put("k", "v", 5) + "\n\n")));

        Result result = Cli.against(server, "kv", "watch", "--key", "k", "-o", "json", "--count", "1");

        assertThat(server.requests().get(0).target()).isEqualTo("/v1/watch?key=k");
        assertThat(result.out()).isEqualTo(put("k", "v", 5) + "\n");
    }

    @Test
    void reconnectsWithTheLastEventIdAndNeitherMissesNorRepeats() {
        AtomicInteger connection = new AtomicInteger();
        server.answer(r -> Response.stream(out -> {
            if (connection.incrementAndGet() == 1) {
                // Revision 8 has two events, the id on the second; the stream drops after the first.
                send(out, "event: put\nid: 7\ndata: " + put("a", "1", 7) + "\n\n");
                send(out, "event: put\ndata: " + put("b", "2", 8) + "\n\n");
            } else {
                send(out, "event: put\ndata: " + put("b", "2", 8) + "\n\n");
                send(out, "event: put\nid: 8\ndata: " + put("c", "3", 8) + "\n\n");
                send(out, "event: put\nid: 9\ndata: " + put("d", "4", 9) + "\n\n");
            }
        }));

        Result result = Cli.against(server, "kv", "watch", "", "--count", "4");

        assertThat(result.out()).isEqualTo("PUT a=1 rev=7\nPUT b=2 rev=8\nPUT c=3 rev=8\nPUT d=4 rev=9\n");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Last-Event-ID")).isNull();
        assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("7");
        assertThat(server.requests().get(1).target()).isEqualTo("/v1/watch?prefix=");
        assertThat(result.err()).contains("resuming after revision 7");
    }

    @Test
    void aCompactedStartExitsOneWithTheDetail() {
        server.answer(r -> problem(410, "compacted", "revision 3 has been compacted; the oldest kept is 50"));

        Result result = Cli.against(server, "kv", "watch", "a/", "--from-revision", "3");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: revision 3 has been compacted; the oldest kept is 50");
    }

    @Test
    void compactionWhileReconnectingAlsoExitsOne() {
        AtomicInteger connection = new AtomicInteger();
        server.answer(r -> connection.incrementAndGet() == 1
                ? Response.stream(out -> send(out, "event: put\nid: 7\ndata: " + put("a", "1", 7) + "\n\n"))
                : problem(410, "compacted", "revision 8 has been compacted"));

        Result result = Cli.against(server, "kv", "watch", "", "--count", "5");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("PUT a=1 rev=7\n");
        assertThat(result.err()).endsWith("coterie: revision 8 has been compacted\n");
    }
}
