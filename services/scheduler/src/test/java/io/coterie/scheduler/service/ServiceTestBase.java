package io.coterie.scheduler.service;

import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.testsupport.http.Http;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduler on a random port against the JVM's one-peer store, leading it. Every subclass
 * shares the one application context (the settings are declared here only), so tests keep apart
 * by name: each class labels its simulated hosts and constrains its jobs to that label.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServiceTestBase {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> TestStore.shared().members());
        registry.add("coterie.scheduler.reconcile-every", () -> "1s");
        registry.add("coterie.scheduler.instance-id", () -> "test-scheduler");
    }

    @LocalServerPort
    int port;

    Http admin;

    @BeforeEach
    void readyAndLeading() {
        admin = new Http(URI.create("http://127.0.0.1:" + port + "/"), TestStore.shared().tokens().admin()).timingOut(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/actuator/health/readiness").statusCode() == 200
                && Http.ok(admin.get("/v1/scheduler/status")).get("leading").asBoolean());
    }

    static ConsensusClient store() {
        return TestStore.shared().client();
    }

    Http as(String... grants) {
        return admin.as(TestStore.shared().token(grants));
    }

    /** A job body with the given name, resources and extra JSON members (a leading comma each). */
    static String job(String name, String cpu, String memory, String more) {
        return "{\"name\":\"" + name + "\",\"command\":[\"/bin/sh\",\"-c\",\"sleep 1000\"]," + cpu + ",\"memory\":\"" + memory + "\""
                + more + "}";
    }
}
