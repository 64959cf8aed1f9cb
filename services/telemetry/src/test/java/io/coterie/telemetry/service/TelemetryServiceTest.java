package io.coterie.telemetry.service;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.auth.TestTokens;
import io.coterie.testsupport.db.TestDatabase;
import io.coterie.testsupport.http.Http;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The telemetry service on a random port against real backends, all in this JVM: a Kafka broker,
 * a PostgreSQL database and a one-peer consensus group (signing keys, registration). Every
 * subclass shares one application context and so one ingest; each test uses sources of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class TelemetryServiceTest {

    private static TestStore store;
    private static TestTokens tokens;
    private static String databaseUrl;
    private static TestPoints points;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        startBackends();
        registry.add("coterie.store.members", store::members);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("coterie.telemetry.kafka.bootstrap-servers", () -> TestBroker.shared().bootstrapServers());
        registry.add("coterie.telemetry.tail-keep-alive", () -> "1s");
    }

    private static synchronized void startBackends() {
        if (store != null) {
            return;
        }
        databaseUrl = TestDatabase.fresh("telemetry_http");
        store = TestStore.start(1);
        tokens = TestTokens.publish(store.client());
        points = new TestPoints(TestBroker.shared().bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            points.close();
            store.close();
        }));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient db;

    Http admin;

    @BeforeEach
    void readyAndAdmin() {
        admin = new Http(port, tokens.admin());
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.get("/actuator/health/readiness").statusCode() == 200);
    }

    static TestTokens tokens() {
        return tokens;
    }

    static TestPoints points() {
        return points;
    }

    /** A token signed by the key the service trusts, with these grants. */
    static String token(String... grants) {
        return tokens.token("tester", List.of(grants), Duration.ofMinutes(10));
    }

    Http as(String... grants) {
        return admin.as(token(grants));
    }

    /** A source name no other test uses. */
    static String uniqueSource(String prefix) {
        return prefix + "/s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    long storedPoints(String source) {
        return db.sql("select count(*) from telemetry_points where source = ?").param(source).query(Long.class).single();
    }
}
