package io.coterie.naming.service;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The naming service on a random port, against the JVM's one-peer group. Every subclass shares
 * one application context (the settings are declared here only).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServiceTestBase {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> TestStore.shared().members());
        registry.add("coterie.naming.watch-keep-alive", () -> "1s");
    }

    @LocalServerPort
    int port;

    Http admin;

    @BeforeEach
    void readyAndAdmin() {
        admin = new Http(port, TestStore.shared().tokens().admin());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/actuator/health/readiness").statusCode() == 200);
    }

    /** A token signed by the key the service trusts, with these grants. */
    static String token(String... grants) {
        return TestStore.shared().tokens().token("tester", List.of(grants), Duration.ofMinutes(10));
    }

    Http as(String... grants) {
        return admin.as(token(grants));
    }
}
