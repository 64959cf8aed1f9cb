package io.coterie.agent;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The agent in this JVM on a random port, against the JVM's one-peer store, as host {@value #HOST}
 * under a cgroup parent of its own. Monitor-only is allowed so that the context starts anywhere;
 * tests that need real cgroups check for them. Every subclass shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AgentTestBase {

    static final String HOST = "test-host";
    static final String CGROUP_PARENT = "coterie-agent-test-" + ProcessHandle.current().pid() + "-host";
    static final Path STATE_DIR = temporaryDirectory();
    static final long MiB = 1024 * 1024;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> TestStore.shared().members());
        registry.add("coterie.agent.host-id", () -> HOST);
        registry.add("coterie.agent.cgroup-parent", () -> CGROUP_PARENT);
        registry.add("coterie.agent.state-dir", STATE_DIR::toString);
        registry.add("coterie.agent.monitor-only", () -> "true");
        registry.add("coterie.agent.memory", () -> "2GB");
        registry.add("coterie.agent.labels", () -> "zone=test,disk=ssd");
        registry.add("coterie.agent.stop-grace", () -> "2s");
        registry.add("coterie.agent.usage-interval", () -> "500ms");
        registry.add("coterie.registration.address", () -> "127.0.0.1");
    }

    @LocalServerPort
    int port;

    Http admin;

    @BeforeEach
    void readyAndAdmin() {
        admin = new Http(port, TestStore.shared().tokens().admin()).timingOut(Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(admin::ready);
    }

    /** A token signed by the key the agent trusts, with these grants. */
    static String token(String... grants) {
        return TestStore.shared().tokens().token("tester", List.of(grants), Duration.ofMinutes(10));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("agent-test-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
