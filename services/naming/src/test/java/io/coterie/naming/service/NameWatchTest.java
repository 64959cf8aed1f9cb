package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import io.coterie.testsupport.http.SseStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Watches of names as Server-Sent Events: what they report, what they do not, and resuming. */
class NameWatchTest extends ServiceTestBase {

    /** A change as a watcher sees it. */
    record Change(String type, String path, long revision) {
    }

    @Test
    void aPathWatchHearsOnlyThatNameWithEntriesAndKeepAlives() {
        long from = ok(admin.putJson("/v1/names/w1/a", "{\"kind\":\"directory\"}")).get("revision").asLong() + 1;
        try (SseStream watch = SseStream.open(admin, "/v1/watch/names?path=/w1/a&fromRevision=" + from, null)) {
            long ab = ok(admin.putJson("/v1/names/w1/ab", "{\"kind\":\"directory\"}")).get("revision").asLong();
            ok(admin.putJson("/v1/names/w1/a/child", "{\"kind\":\"directory\"}"));
            long bound = ok(admin.putJson("/v1/names/w1/a", "{\"kind\":\"link\",\"target\":\"/w1/ab\"}")).get("revision").asLong();
            long unbound = ok(admin.delete("/v1/names/w1/a")).get("revision").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.messages.size() >= 2 && !watch.comments.isEmpty());

            assertThat(changes(watch.messages)).containsExactly(new Change("bind", "/w1/a", bound),
                    new Change("unbind", "/w1/a", unbound));
            JsonNode entry = Http.JSON.readTree(watch.messages.get(0).data());
            assertThat(entry.get("kind").asString()).isEqualTo("link");
            assertThat(entry.get("target").asString()).isEqualTo("/w1/ab");
            assertThat(watch.messages).extracting(SseStream.Message::id).containsExactly(Long.toString(bound), Long.toString(unbound));
            assertThat(watch.comments).contains("keep-alive");
            assertThat(ab).isLessThan(bound);
        }
    }

    @Test
    void badWatchesAreRefusedBeforeTheStreamStarts() {
        problem(admin.get("/v1/watch/names"), 400, "invalid-request");
        problem(admin.get("/v1/watch/names?path=/a&prefix=/a/"), 400, "invalid-request");
        problem(admin.get("/v1/watch/names?path=relative"), 400, "invalid-name");
        problem(admin.get("/v1/watch/names?prefix=/a//"), 400, "invalid-name");
        problem(admin.send(admin.request("/v1/watch/names?prefix=/a/").header("Last-Event-ID", "soon").build()),
                400, "invalid-request");
        ok(admin.putJson("/v1/names/w2/old", "{\"kind\":\"directory\"}"));
        long now = TestStore.shared().client().revision().join();
        TestStore.shared().client().compact(now).join();
        JsonNode gone = problem(admin.get("/v1/watch/names?prefix=/w2/&fromRevision=1"), 410, "compacted");
        assertThat(gone.get("compactRevision").asLong()).isEqualTo(now);
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpires() {
        String shortLived = TestStore.shared().tokens().token("watcher", List.of("read:/w4/"), Duration.ofSeconds(3));
        try (SseStream watch = SseStream.open(new Http(port, shortLived), "/v1/watch/names?prefix=/w4/", null)) {
            ok(admin.putJson("/v1/names/w4/a", "{\"kind\":\"directory\"}"));
            await().atMost(Duration.ofSeconds(15)).until(() -> watch.messages.stream().anyMatch(m -> "error".equals(m.event())));
            List<SseStream.Message> messages = watch.messages;
            assertThat(messages.get(0).event()).isEqualTo("bind");
            SseStream.Message last = messages.get(messages.size() - 1);
            assertThat(last.event()).isEqualTo("error");
            assertThat(last.data()).contains("unauthorized").contains("expired");
        }
    }

    /**
     * Reads part of a prefix watch, drops the connection while names keep changing, reconnects
     * with Last-Event-ID: together the two streams hold every change under the prefix exactly
     * once, in revision order, and nothing from the sibling /w3x.
     */
    @Test
    void resumingAfterADroppedConnectionMissesNothing() throws Exception {
        List<Change> expected = new CopyOnWriteArrayList<>();
        long start = TestStore.shared().client().revision().join() + 1;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                write(i, expected);
                written.incrementAndGet();
            }
        });

        List<SseStream.Message> seen = new ArrayList<>();
        try (SseStream first = SseStream.open(admin, "/v1/watch/names?prefix=/w3/&fromRevision=" + start, null)) {
            writer.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.messages.size() >= 15);
            first.close();
            seen.addAll(first.messages);
        }
        // Changes while no one is connected.
        int atDrop = written.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> written.get() >= atDrop + 10);
        String lastId = lastId(seen);
        // A client keeps what it saw up to the last id; what came after it is sent again.
        List<SseStream.Message> kept = new ArrayList<>(seen.subList(0, lastIdIndex(seen) + 1));

        try (SseStream second = SseStream.open(admin, "/v1/watch/names?prefix=/w3/", lastId)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> second.messages.size() >= 10);
            writing.set(false);
            writer.join();
            long lastRevision = expected.stream().mapToLong(Change::revision).max().orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> lastId(second.messages) != null
                    && Long.parseLong(lastId(second.messages)) >= lastRevision);
            kept.addAll(second.messages);
        }

        List<Change> received = changes(kept);
        assertThat(received).as("in revision order").isSortedAccordingTo(Comparator.comparingLong(Change::revision));
        assertThat(new HashSet<>(received)).as("no duplicates").hasSize(received.size());
        assertThat(received).as("exactly every change under /w3/").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(received).extracting(Change::path).allMatch(path -> path.startsWith("/w3/"));
        assertThat(expected.stream().filter(c -> c.type().equals("unbind")).count()).as("the run had unbinds").isPositive();
        assertThat(expected.stream().map(Change::revision).distinct().count()).as("some revisions carry two changes")
                .isLessThan(expected.size());
    }

    /**
     * Step i of the writer: binds names under /w3/ and its sibling /w3x; now and then unbinds one,
     * or ends a session that holds two names, which unbinds both at one revision.
     */
    private void write(int i, List<Change> expected) {
        String name = "/w3/n" + (i % 7);
        long bound = ok(admin.putJson("/v1/names" + name, "{\"kind\":\"directory\",\"metadata\":{\"i\":\"" + i + "\"}}"))
                .get("revision").asLong();
        expected.add(new Change("bind", name, bound));
        ok(admin.putJson("/v1/names/w3x/n" + i, "{\"kind\":\"directory\"}"));
        if (i % 5 == 4) {
            long unbound = ok(admin.delete("/v1/names" + name)).get("revision").asLong();
            expected.add(new Change("unbind", name, unbound));
        }
        if (i % 9 == 8) {
            long session = ok(admin.postJson("/v1/sessions", "{\"ttlSeconds\":60}")).get("id").asLong();
            for (String eph : List.of("/w3/eph/a", "/w3/eph/b")) {
                long revision = ok(admin.putJson("/v1/names" + eph + "?session=" + session, "{\"kind\":\"directory\"}"))
                        .get("revision").asLong();
                expected.add(new Change("bind", eph, revision));
            }
            long ended = ok(admin.delete("/v1/sessions/" + session)).get("revision").asLong();
            expected.add(new Change("unbind", "/w3/eph/a", ended));
            expected.add(new Change("unbind", "/w3/eph/b", ended));
        }
    }

    private static List<Change> changes(List<SseStream.Message> messages) {
        return messages.stream().filter(m -> m.event() != null).map(m -> {
            JsonNode data = Http.JSON.readTree(m.data());
            return new Change(m.event(), data.get("path").asString(), data.get("revision").asLong());
        }).toList();
    }

    private static int lastIdIndex(List<SseStream.Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).id() != null) {
                return i;
            }
        }
        return -1;
    }

    private static String lastId(List<SseStream.Message> messages) {
        int at = lastIdIndex(messages);
        return at < 0 ? null : messages.get(at).id();
    }
}
