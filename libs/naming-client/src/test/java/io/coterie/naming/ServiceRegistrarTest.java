package io.coterie.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration under a lease, against a real one-peer group. */
class ServiceRegistrarTest {

    private static OnePeerGroup group;
    private static ConsensusClient store;

    @BeforeAll
    static void startGroup() throws Exception {
        group = OnePeerGroup.start();
        store = group.client;
    }

    @AfterAll
    static void stopGroup() throws Exception {
        group.close();
    }

    private static Optional<KeyValue> stored(NamePath name) {
        return store.get(name.storeKey()).join();
    }

    @Test
    void registersAnEphemeralServiceEntryAndUnregistersOnClose() throws Exception {
        ServiceRegistrar registrar = ServiceRegistrar.builder(store, "billing", "b-1")
                .address("10.1.2.3").port(8443).metadata(Map.of("zone", "a")).build().start();
        NamePath name = NamePath.of("/sys/services/billing/b-1");
        assertThat(registrar.name()).isEqualTo(name);
        assertThat(registrar.awaitRegistered(Duration.ofSeconds(10))).isTrue();

        KeyValue kv = stored(name).orElseThrow();
        assertThat(kv.lease()).isEqualTo(registrar.lease());
        Binding binding = Binding.decode(kv);
        assertThat(binding.entry()).isEqualTo(ServiceEntry.of(
                new Instance("b-1", "10.1.2.3", 8443, Map.of("zone", "a"), Health.PASSING)));
        assertThat(store.lease(registrar.lease(), false).join().orElseThrow().ttl()).isEqualTo(Duration.ofSeconds(10));

        registrar.close();
        assertThat(stored(name)).isEmpty();
    }

    @Test
    void renewalsKeepTheEntryPastItsTtl() throws Exception {
        try (ServiceRegistrar registrar = ServiceRegistrar.builder(store, "renewed", "r-1").port(80)
                .ttl(Duration.ofSeconds(1)).renewEvery(Duration.ofMillis(250)).build().start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> registrar.lease() != 0);
            long lease = registrar.lease();
            // Stays bound under the same lease for three TTLs: the renewals work.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stored(registrar.name()).map(KeyValue::lease).orElse(0L) == lease);
            assertThat(registrar.registrations()).isEqualTo(1);
        }
    }

    @Test
    void aLostLeaseIsNoticedAndTheEntryRegisteredAgain() {
        try (ServiceRegistrar registrar = ServiceRegistrar.builder(store, "phoenix", "p-1").port(80)
                .ttl(Duration.ofSeconds(5)).renewEvery(Duration.ofMillis(300)).build().start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> registrar.lease() != 0);
            long first = registrar.lease();
            // What a long pause looks like from the store: the lease is gone, and the entry with it.
            store.revokeLease(first).join();
            assertThat(stored(registrar.name())).isEmpty();

            await().atMost(Duration.ofSeconds(5)).until(() -> registrar.lease() != 0 && registrar.lease() != first);
            assertThat(registrar.registrations()).isEqualTo(2);
            assertThat(stored(registrar.name()).orElseThrow().lease()).isEqualTo(registrar.lease());
        }
    }

    @Test
    void badSettingsAreRefusedUpFront() {
        assertThatThrownBy(() -> ServiceRegistrar.builder(store, "a/b", "i").port(1).build())
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ServiceRegistrar.builder(store, "svc", "i").build())
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> ServiceRegistrar.builder(store, "svc", "i").port(1).ttl(Duration.ofMillis(1500)).build())
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> ServiceRegistrar.builder(store, "svc", "i").port(1).renewEvery(Duration.ofSeconds(10)).build())
                .hasMessageContaining("shorter than the ttl");
    }
}
