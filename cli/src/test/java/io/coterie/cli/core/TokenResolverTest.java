package io.coterie.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenResolverTest {

    @TempDir
    Path cwd;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void devTokenFile() throws IOException {
        Files.createDirectories(cwd.resolve("var/dev"));
        Files.writeString(cwd.resolve("var/dev/token"), "  from-file\n");
    }

    private CliContext context() {
        return CliContext.of(env, cwd, InputStream.nullInputStream(), new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @Test
    void theFlagWinsOverEverything() {
        env.put("COTERIE_TOKEN", "from-env");
        assertThat(TokenResolver.resolve("from-flag", context())).contains("from-flag");
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        env.put("COTERIE_TOKEN", "from-env");
        assertThat(TokenResolver.resolve(null, context())).contains("from-env");
    }

    @Test
    void theDevTokenFileIsReadTrimmed() {
        assertThat(TokenResolver.resolve(null, context())).contains("from-file");
    }

    @Test
    void blankValuesCountAsAbsent() {
        env.put("COTERIE_TOKEN", "  ");
        assertThat(TokenResolver.resolve(" ", context())).contains("from-file");
    }

    @Test
    void noTokenAnywhereIsNoToken() throws IOException {
        Files.delete(cwd.resolve("var/dev/token"));
        assertThat(TokenResolver.resolve(null, context())).isEmpty();
    }

    @Test
    void anEmptyFileIsNoToken() throws IOException {
        Files.writeString(cwd.resolve("var/dev/token"), "\n");
        assertThat(TokenResolver.resolve(null, context())).isEmpty();
    }

    @Test
    void theCheckoutOfTheLauncherIsTheLastPlaceToLook(@TempDir Path checkout) throws IOException {
        Files.delete(cwd.resolve("var/dev/token"));
        Files.createDirectories(checkout.resolve("var/dev"));
        Files.writeString(checkout.resolve("var/dev/token"), "from-home\n");
        env.put("COTERIE_HOME", checkout.toString());
        assertThat(TokenResolver.resolve(null, context())).contains("from-home");

        Files.writeString(cwd.resolve("var/dev/token"), "from-cwd\n");
        assertThat(TokenResolver.resolve(null, context())).contains("from-cwd");
    }
}
