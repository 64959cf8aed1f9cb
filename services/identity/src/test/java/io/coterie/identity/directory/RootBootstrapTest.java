package io.coterie.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void theSecretIsReadTrimmedFromTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "\n  the-root-secret-1234 \n");
        assertThat(RootBootstrap.readRootSecret(file)).isEqualTo("the-root-secret-1234");
    }

    @Test
    void withoutAFileTheServiceRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> RootBootstrap.readRootSecret(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("COTERIE_IDENTITY_ROOT_SECRET_FILE");
        assertThatThrownBy(() -> RootBootstrap.readRootSecret(dir.resolve("missing"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aWeakSecretIsRefusedWithoutRepeatingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("weak"), "hunter2\n");
        assertThatThrownBy(() -> RootBootstrap.readRootSecret(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 16").hasMessageNotContaining("hunter2");
    }
}
