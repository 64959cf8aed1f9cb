package io.coterie.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.teststore.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The signing keys' atomic steps against a real one-peer store, in the order a key's life takes them. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredSigningKeysTest {

    private static TestStore group;
    private static ConsensusClient store;
    private static StoredSigningKeys keys;

    @BeforeAll
    static void start() {
        group = TestStore.start(1);
        store = group.client();
        keys = new StoredSigningKeys(store, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        group.close();
    }

    @Test
    @Order(1)
    void instancesStartingTogetherAgreeOnOneFirstKey() throws Exception {
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> winners = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            ECKey mine = TokenSigner.newKey("candidate-" + i);
            winners.add(pool.submit(() -> {
                go.await();
                return keys.createFirst(mine);
            }));
        }
        go.countDown();
        Set<String> agreed = new HashSet<>();
        for (Future<String> winner : winners) {
            agreed.add(winner.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(agreed).hasSize(1);
        String kid = agreed.iterator().next();
        KeyState state = keys.read();
        assertThat(state.activeKid()).isEqualTo(kid);
        assertThat(state.published().getKeys()).extracting(JWK::getKeyID).containsExactly(kid);
        assertThat(state.published().getKeys().get(0).isPrivate()).isFalse();
        assertThat(keys.privateKey(kid).isPrivate()).isTrue();
        assertThat(store.list(StoreKeys.SIGNING_KEYS, "", 100, true, Consistency.LINEARIZABLE)
                .join().kvs()).as("the losers' keys were never stored").hasSize(1);
    }

    @Test
    @Order(2)
    void aRotationPublishesFirstThenSwitchesOnlyFromTheKeyItSaw() {
        KeyState before = keys.read();
        String first = before.activeKid();
        ECKey second = TokenSigner.newKey("second");
        assertThat(keys.publish(second, before)).isTrue();
        assertThat(keys.publish(TokenSigner.newKey("stale"), before)).as("the set changed since 'before' was read").isFalse();

        KeyState published = keys.read();
        assertThat(published.activeKid()).as("published, not yet signing").isEqualTo(first);
        assertThat(published.published().getKeys()).extracting(JWK::getKeyID).containsExactly(first, "second");

        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(keys.activate("second", "not-the-active-one", at)).isEmpty();
        assertThat(keys.activate("second", first, at)).isPresent();
        assertThat(keys.activate("second", first, at)).as("a second switch from the same key loses").isEmpty();

        KeyState after = keys.read();
        assertThat(after.activeKid()).isEqualTo("second");
        assertThat(after.retired()).containsEntry(first, at);
    }

    @Test
    @Order(3)
    void droppingAKeyRemovesItsPublicAndPrivateHalvesAndItsRecordOnlyIfNothingChanged() {
        KeyState state = keys.read();
        String retired = state.retired().keySet().iterator().next();
        ECKey extra = TokenSigner.newKey("extra");
        assertThat(keys.publish(extra, state)).isTrue();
        assertThat(keys.drop(Set.of(retired), Set.of(), state)).as("the set changed since it was read").isFalse();

        KeyState current = keys.read();
        assertThat(keys.drop(Set.of(retired, "extra"), Set.of(), current)).isTrue();
        KeyState after = keys.read();
        assertThat(after.published().getKeys()).extracting(JWK::getKeyID).containsExactly("second");
        assertThat(after.retired()).isEmpty();
        assertThat(store.get(StoreKeys.SIGNING_KEYS + retired).join()).isEmpty();
        assertThat(keys.privateKey("second").getKeyID()).isEqualTo("second");
    }
}
