package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.process.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A registered instance killed with SIGKILL leaves the namespace within its TTL plus one renewal:
 * nothing unregisters it, the store's leader expires its lease.
 */
class EphemeralEntryIT extends ServiceTestBase {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(1);
    /**
     * What the store and this test add on top of the TTL: the leader looks for expired leases every
     * 100 ms and commits the expiry through its log (one fsync on a one-peer group), and this test
     * polls every 50 ms with a linearizable read. 500 ms covers that on a busy two-core machine.
     */
    private static final Duration MARGIN = Duration.ofMillis(500);

    @Test
    void aKilledInstanceVanishesWithinTtlPlusOneRenewal() throws Exception {
        Path log = Files.createTempDirectory("naming-it").resolve("demo-x.log");
        String path = "/v1/names/sys/services/demo/x?consistency=linearizable";
        try (JavaProcess instance = JavaProcess.ofMainClass("demo-x", RegisterAndHold.class.getName(),
                List.of(TestStore.shared().members(), "demo", "x", Long.toString(TTL.toSeconds()), Long.toString(RENEW.toMillis())),
                log).start()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast(() -> !instance.isAlive())
                    .until(() -> admin.get(path).statusCode() == 200);
            JsonNode entry = ok(admin.get(path));
            assertThat(entry.get("kind").asString()).isEqualTo("service");
            assertThat(entry.get("instances").get(0).get("port").asInt()).isEqualTo(9999);
            assertThat(entry.get("session").asLong()).isPositive();
            // Renewals keep it past its TTL while the process lives.
            await().during(TTL.plus(RENEW)).atMost(TTL.plus(RENEW).plusSeconds(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.get(path).statusCode() == 200);

            long killedAt = System.nanoTime();
            instance.kill();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.get(path).statusCode() == 404);
            Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("unbound %d ms after SIGKILL (TTL %d ms, renewal every %d ms)%n", gone.toMillis(),
                    TTL.toMillis(), RENEW.toMillis());
            assertThat(gone).as("gone within TTL + one renewal + margin (%s)", instance.logTail(5))
                    .isLessThanOrEqualTo(TTL.plus(RENEW).plus(MARGIN));
            // Not sooner than the TTL after the last renewal, which came at most one renewal before the kill.
            assertThat(gone).isGreaterThanOrEqualTo(TTL.minus(RENEW).minusMillis(200));
        }
    }
}
