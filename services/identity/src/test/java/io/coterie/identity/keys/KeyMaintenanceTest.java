package io.coterie.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.identity.MutableClock;
import io.coterie.testsupport.db.TestDatabase;
import io.coterie.teststore.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A key's whole life, with the clock moved forward by days: rotated automatically when old,
 * kept published while tokens it signed may live, dropped after. Its own store and database,
 * since it rotates and drops keys the other tests rely on; its context is closed after it.
 */
@SpringBootTest
@Import(KeyMaintenanceTest.Clocks.class)
@DirtiesContext
class KeyMaintenanceTest {

    private static final TestStore STORE = TestStore.start(1);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(STORE::close));
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        Path secret = Files.writeString(Files.createTempFile("root-secret", ""), "maintenance-root-secret-0123");
        registry.add("coterie.store.members", STORE::members);
        registry.add("spring.datasource.url", () -> TestDatabase.fresh("key_maintenance"));
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("coterie.identity.root-secret-file", secret::toString);
        registry.add("coterie.identity.key-propagation-delay", () -> "100ms");
        registry.add("coterie.identity.auto-rotate-every", () -> "40d");
        // The test runs maintenance itself, at the moments it chooses.
        registry.add("coterie.identity.key-maintenance-interval", () -> "1d");
    }

    @Autowired
    KeyMaintenance maintenance;
    @Autowired
    StoredSigningKeys keys;
    @Autowired
    ActiveSigningKey active;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient db;

    @Test
    void anOldKeyIsRotatedKeptWhileItsTokensLiveAndDroppedAfter() {
        String first = keys.read().activeKid();
        maintenance.runOnce();
        assertThat(keys.read().activeKid()).as("a fresh key is not rotated").isEqualTo(first);

        clock.advance(Duration.ofDays(40).plusMinutes(1));
        maintenance.runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> !keys.read().activeKid().equals(first));
        String second = keys.read().activeKid();
        await().atMost(Duration.ofSeconds(20)).until(() -> active.key().getKeyID().equals(second));
        assertThat(published()).containsExactlyInAnyOrder(first, second);
        assertThat(keys.read().retired()).containsOnlyKeys(first);

        maintenance.runOnce();
        assertThat(keys.read().activeKid()).as("the new key is young: no second rotation").isEqualTo(second);
        clock.advance(Duration.ofDays(30));
        maintenance.runOnce();
        clock.advance(Duration.ofMinutes(59));
        maintenance.runOnce();
        assertThat(published()).as("30 days and 59 minutes after retirement: within the margin").contains(first);

        clock.advance(Duration.ofMinutes(2));
        maintenance.runOnce();
        assertThat(published()).containsExactly(second);
        assertThat(keys.read().retired()).isEmpty();
        ConsensusClient store = STORE.client();
        assertThat(store.get(StoreKeys.SIGNING_KEYS + first).join()).as("its private half is gone too").isEmpty();

        List<String> actions = db.sql("select action || ' ' || subject || ' by ' || actor from audit where action like 'key.%' order by seq")
                .query(String.class).list();
        assertThat(actions).containsSubsequence("key.rotate " + second + " by system", "key.drop " + first + " by system");
    }

    @Test
    void aKeyPublishedButNeverActivatedGoesAfterAnHour() {
        ECKey orphan = new ECKey.Builder(TokenSigner.newKey("orphan-" + System.nanoTime()))
                .issueTime(Date.from(clock.instant())).build();
        assertThat(keys.publish(orphan, keys.read())).isTrue();
        maintenance.runOnce();
        assertThat(published()).contains(orphan.getKeyID());
        clock.advance(Duration.ofHours(1));
        maintenance.runOnce();
        assertThat(published()).doesNotContain(orphan.getKeyID());
    }

    private List<String> published() {
        return keys.read().published().getKeys().stream().map(JWK::getKeyID).toList();
    }
}
