package io.coterie.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StdinSecretTest {

    private static CliContext stdin(InputStream in) {
        return CliContext.of(Map.of(), Path.of("/"), in, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    private static CliContext stdin(String text) {
        return stdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theFirstLineWithoutItsEnding() {
        assertThat(StdinSecret.read(stdin("s3cret wörd\nsecond line"))).isEqualTo("s3cret wörd");
        assertThat(StdinSecret.read(stdin("crlf-ended\r\n"))).isEqualTo("crlf-ended");
        assertThat(StdinSecret.read(stdin("no newline at all"))).isEqualTo("no newline at all");
    }

    @Test
    void stopsAtTheNewlineWithoutWaitingForTheEndOfInput() {
        InputStream typing = new SequenceInputStream(new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() {
                        throw new AssertionError("read past the newline: a person at a terminal would be left waiting");
                    }
                });

        assertThat(StdinSecret.read(stdin(typing))).isEqualTo("typed");
    }

    @Test
    void nothingOrTooMuchIsAUsageError() {
        assertThatThrownBy(() -> StdinSecret.read(stdin(""))).isInstanceOf(UsageException.class).hasMessageContaining("no secret");
        assertThatThrownBy(() -> StdinSecret.read(stdin("\nlater"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> StdinSecret.read(stdin("x".repeat(5000)))).isInstanceOf(UsageException.class)
                .hasMessageContaining("longer than 4096 bytes");
    }
}
