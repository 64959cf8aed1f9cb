package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.db.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A first start without a root secret refuses to start, and says what to set. */
class StartupWithoutRootSecretTest {

    private static TestStore store;

    @BeforeAll
    static void start() {
        store = TestStore.start(1);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aFirstStartWithoutTheRootSecretFileFailsWithAClearMessage() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(IdentityApplication.class).properties(
                "server.port=0",
                "coterie.store.members=" + store.members(),
                "spring.datasource.url=" + TestDatabase.fresh("no_root_secret"),
                "spring.datasource.username=" + TestDatabase.user());
        assertThatThrownBy(app::run).hasStackTraceContaining("COTERIE_IDENTITY_ROOT_SECRET_FILE")
                .hasStackTraceContaining("principal 'root' does not exist yet");
    }
}
