package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import com.nimbusds.jose.jwk.JWKSet;
import io.coterie.auth.StoreKeys;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.testsupport.db.TestDatabase;
import io.coterie.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One million IDs from two identity processes sharing a three-peer consensus group and one
 * PostgreSQL, several client threads each, while one process is killed with SIGKILL mid-run and
 * started again. No ID may be handed out twice, and what one process lifetime hands out to a
 * client must increase.
 */
class IdsAcrossInstancesIT {

    private static final int INSTANCES = 2;
    private static final int THREADS_PER_INSTANCE = 4;
    private static final int IDS_PER_REQUEST = 1000;
    private static final long TOTAL = 1_000_000;
    private static final int REQUESTS_PER_THREAD = (int) (TOTAL / IDS_PER_REQUEST / (INSTANCES * THREADS_PER_INSTANCE));
    /**
     * The second instance is killed once it has handed out this many IDs: well inside its share of
     * 500,000, and in the middle of a leased block, so that it dies holding IDs it never hands out.
     */
    private static final long KILL_AFTER = 155_000;
    private static final int VICTIM = 1;
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final String ROOT_SECRET = "ids-it-root-secret-0123456789";

    /** One answer: which process lifetime gave it to which client thread, and the ranges. */
    private record Served(int instance, int lifetime, int thread, List<long[]> ranges) {
        long firstId() {
            return ranges.get(0)[0];
        }

        long lastId() {
            long[] last = ranges.get(ranges.size() - 1);
            return last[0] + last[1] - 1;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Queue<Served> served = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger[] lifetime = {new AtomicInteger(), new AtomicInteger()};
    private final AtomicLong[] delivered = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong lostRequests = new AtomicLong();

    @Test
    void aMillionIdsFromTwoInstancesOneKilledMidRunAreUniqueAndIncreasePerLifetime() throws Exception {
        Path dir = Files.createTempDirectory("identity-ids-it");
        Path secretFile = Files.writeString(dir.resolve("root-secret"), ROOT_SECRET + "\n");
        String database = TestDatabase.fresh("ids_it");
        try (TestStore store = TestStore.start(3)) {
            Map<String, String> env = Map.of(
                    "COTERIE_STORE_MEMBERS", store.members(),
                    "SPRING_DATASOURCE_URL", database,
                    "SPRING_DATASOURCE_USERNAME", TestDatabase.user(),
                    "COTERIE_IDENTITY_ROOT_SECRET_FILE", secretFile.toString());
            ServiceProcess[] instances = {new ServiceProcess("identity", "identity-a", env, dir),
                    new ServiceProcess("identity", "identity-b", env, dir)};
            try (ServiceProcess a = instances[0].start(); ServiceProcess b = instances[1].start()) {
                long started = System.nanoTime();
                a.awaitReady(STARTUP);
                b.awaitReady(STARTUP);
                System.out.printf("both instances ready in %d ms%n", millisSince(started));

                String token = rootToken(a);
                assertThat(send(b, "GET", "/v1/jwks", token).statusCode()).as("a token from one instance is valid at the other")
                        .isEqualTo(200);
                bothStartedTogetherAndAgreed(store.client(), database);

                long run = System.nanoTime();
                ExecutorService clients = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                        int instance = i;
                        int thread = t;
                        done.add(clients.submit(() -> client(instances[instance], instance, thread, token)));
                    }
                }
                await().atMost(Duration.ofMinutes(5)).until(() -> delivered[VICTIM].get() >= KILL_AFTER);
                long killedAt = delivered[VICTIM].get();
                instances[VICTIM].kill();
                lifetime[VICTIM].incrementAndGet();
                long restart = System.nanoTime();
                instances[VICTIM].start();
                instances[VICTIM].awaitReady(STARTUP);
                long restartMillis = millisSince(restart);
                for (Future<?> client : done) {
                    client.get(10, TimeUnit.MINUTES);
                }
                clients.shutdown();
                long runMillis = millisSince(run);

                check(killedAt);
                System.out.printf("%d IDs in %d ms (%.0f IDs/s) from %d answers; victim killed after %d of its IDs, "
                                + "ready again after %d ms; %d requests lost in flight or refused; highest ID %d (%d never handed out)%n",
                        TOTAL, runMillis, TOTAL * 1000.0 / runMillis, served.size(), killedAt, restartMillis,
                        lostRequests.get(), highest(), highest() - TOTAL);
            }
        }
    }

    /** Started together on an empty store and database: one signing key and one root, not two. */
    private static void bothStartedTogetherAndAgreed(ConsensusClient store, String database) throws Exception {
        JWKSet published = JWKSet.parse(store.get(StoreKeys.JWKS).join().orElseThrow().valueAsString());
        String active = store.get(StoreKeys.ACTIVE_KEY).join().orElseThrow().valueAsString();
        assertThat(published.getKeys()).singleElement().satisfies(key -> assertThat(key.getKeyID()).isEqualTo(active));
        try (Connection db = DriverManager.getConnection(database, TestDatabase.user(), "");
             ResultSet rows = db.createStatement().executeQuery(
                     "select count(*) from audit where action = 'principal.create' and subject = 'root'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
    }

    /** One client thread: its share of requests to one instance, riding out that instance's death. */
    private void client(ServiceProcess instance, int index, int thread, String token) {
        int answered = 0;
        while (answered < REQUESTS_PER_THREAD) {
            int life = lifetime[index].get();
            HttpResponse<String> response;
            try {
                response = send(instance, "POST", "/v1/ids?count=" + IDS_PER_REQUEST, token);
            } catch (IOException e) {
                // The instance died under this request, or is not back yet.
                lostRequests.incrementAndGet();
                await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(instance::isReady);
                continue;
            }
            if (response.statusCode() != 200) {
                unexpected.add(response.statusCode() + " " + response.body());
                if (unexpected.size() > 20) {
                    throw new AssertionError("the service keeps refusing: " + unexpected);
                }
                continue;
            }
            JsonNode body = json.readTree(response.body());
            List<long[]> ranges = new ArrayList<>();
            body.get("ranges").forEach(r -> ranges.add(new long[] {r.get("first").asLong(), r.get("count").asLong()}));
            served.add(new Served(index, life, thread, ranges));
            delivered[index].addAndGet(ranges.stream().mapToLong(r -> r[1]).sum());
            answered++;
        }
    }

    private void check(long killedAt) {
        assertThat(unexpected).as("answers other than 200").isEmpty();
        assertThat(served).hasSize((int) (TOTAL / IDS_PER_REQUEST));
        assertThat(served).allSatisfy(s -> assertThat(s.ranges().stream().mapToLong(r -> r[1]).sum()).isEqualTo(IDS_PER_REQUEST));

        // Unique: sorted by first ID, every range starts after the previous one ends.
        List<long[]> all = new ArrayList<>();
        served.forEach(s -> all.addAll(s.ranges()));
        all.sort(Comparator.comparingLong(r -> r[0]));
        long total = 0;
        long previousLast = 0;
        for (long[] range : all) {
            assertThat(range[0]).as("range at %d overlaps the one ending at %d", range[0], previousLast).isGreaterThan(previousLast);
            previousLast = range[0] + range[1] - 1;
            total += range[1];
        }
        assertThat(total).isEqualTo(TOTAL);

        // Increasing: within one lifetime, each client's answers (and the ranges inside each) grow.
        for (int i = 0; i < INSTANCES; i++) {
            for (int life = 0; life <= lifetime[i].get(); life++) {
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    long last = 0;
                    for (Served s : served) {
                        if (s.instance() == i && s.lifetime() == life && s.thread() == t) {
                            for (long[] range : s.ranges()) {
                                assertThat(range[0]).as("instance %d lifetime %d thread %d", i, life, t).isGreaterThan(last);
                                last = range[0] + range[1] - 1;
                            }
                        }
                    }
                }
            }
        }

        // The kill happened mid-run, the new lifetime served, and never below what the dead one had handed out.
        List<Served> before = served.stream().filter(s -> s.instance() == VICTIM && s.lifetime() == 0).toList();
        List<Served> after = served.stream().filter(s -> s.instance() == VICTIM && s.lifetime() == 1).toList();
        assertThat(killedAt).isLessThan(TOTAL / INSTANCES);
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();
        assertThat(after.stream().mapToLong(Served::firstId).min().orElseThrow())
                .isGreaterThan(before.stream().mapToLong(Served::lastId).max().orElseThrow());
    }

    private long highest() {
        return served.stream().mapToLong(Served::lastId).max().orElse(0);
    }

    private String rootToken(ServiceProcess instance) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(instance.url("/v1/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("root:" + ROOT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = exchange(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("token").asString();
    }

    private HttpResponse<String> send(ServiceProcess instance, String method, String path, String token) throws IOException {
        return exchange(HttpRequest.newBuilder(instance.url(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
