package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.http.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Threads race to rebind one name, each with ifRevision = the revision it read. The store's
 * transaction lets exactly one of them win per revision, and the winners chain the revisions.
 */
class ConcurrentRebindTest extends ServiceTestBase {

    private static final int THREADS = 8;
    private static final int WINS = 60;

    /** One successful rebind: from which revision to which, by whom. */
    record Win(long from, long to, String writer) {
    }

    @Test
    void exactlyOneRebindWinsPerRevision() throws Exception {
        String path = "/v1/names/race/counter";
        long initial = ok(admin.putJson(path, body("initial"))).get("revision").asLong();
        ConcurrentLinkedQueue<Win> wins = new ConcurrentLinkedQueue<>();
        AtomicInteger winCount = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String writer = "w" + t;
            workers.add(pool.submit(() -> {
                go.await();
                for (int attempt = 0; winCount.get() < WINS; attempt++) {
                    long seen = ok(admin.get(path + "?consistency=linearizable")).get("revision").asLong();
                    HttpResponse<String> put = admin.putJson(path + "?ifRevision=" + seen, body(writer + "-" + attempt));
                    if (put.statusCode() == 200) {
                        wins.add(new Win(seen, Http.JSON.readTree(put.body()).get("revision").asLong(), writer + "-" + attempt));
                        winCount.incrementAndGet();
                    } else {
                        assertThat(put.statusCode()).as(put.body()).isEqualTo(412);
                        assertThat(Http.JSON.readTree(put.body()).get("revision").asLong()).isGreaterThan(seen);
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        Map<Long, Long> winnersPerRevision = wins.stream().collect(Collectors.groupingBy(Win::from, Collectors.counting()));
        assertThat(winnersPerRevision.values()).as("winners per revision").containsOnly(1L);
        List<Win> chain = wins.stream().sorted(Comparator.comparingLong(Win::from)).toList();
        assertThat(chain.get(0).from()).isEqualTo(initial);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).from()).as("win " + i + " starts where win " + (i - 1) + " ended").isEqualTo(chain.get(i - 1).to());
        }
        Win last = chain.get(chain.size() - 1);
        JsonNode end = ok(admin.get(path + "?consistency=linearizable"));
        assertThat(end.get("revision").asLong()).isEqualTo(last.to());
        assertThat(end.get("metadata").get("writer").asString()).isEqualTo(last.writer());
        assertThat(conflicts.get()).as("the threads did race").isPositive();
    }

    private static String body(String writer) {
        return "{\"kind\":\"directory\",\"metadata\":{\"writer\":\"" + writer + "\"}}";
    }
}
