package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {

    @TempDir
    Path dir;

    private void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void rotatesOnlyOnceTheLimitIsReached() throws Exception {
        Path live = dir.resolve("stdout.log");
        LogRotator rotator = new LogRotator(live, new LogRotation(10, 2, Duration.ofSeconds(1)));

        assertThat(rotator.rotateIfDue()).as("no file yet").isFalse();
        append(live, "123456789");
        assertThat(rotator.rotateIfDue()).isFalse();
        append(live, "0");
        assertThat(rotator.rotateIfDue()).isTrue();

        assertThat(live).isEmptyFile();
        assertThat(rotator.rotated(1)).hasContent("1234567890");
    }

    @Test
    void keepsTheNewestGenerationsAndDropsTheOldest() throws Exception {
        Path live = dir.resolve("stdout.log");
        LogRotator rotator = new LogRotator(live, new LogRotation(4, 2, Duration.ofSeconds(1)));

        for (String chunk : new String[] {"aaaa", "bbbb", "cccc", "dddd"}) {
            append(live, chunk);
            assertThat(rotator.rotateIfDue()).isTrue();
        }
        append(live, "ee");

        assertThat(live).hasContent("ee");
        assertThat(rotator.rotated(1)).hasContent("dddd");
        assertThat(rotator.rotated(2)).hasContent("cccc");
        assertThat(rotator.rotated(3)).doesNotExist();
    }

    @Test
    void keepingNothingTruncates() throws Exception {
        Path live = dir.resolve("stderr.log");
        LogRotator rotator = new LogRotator(live, new LogRotation(4, 0, Duration.ofSeconds(1)));
        append(live, "abcdef");

        assertThat(rotator.rotateIfDue()).isTrue();

        assertThat(live).isEmptyFile();
        assertThat(rotator.rotated(1)).doesNotExist();
    }

    @Test
    void anAppendingWriterContinuesAtTheStartAfterRotation() throws Exception {
        Path live = dir.resolve("stdout.log");
        LogRotator rotator = new LogRotator(live, new LogRotation(4, 1, Duration.ofSeconds(1)));
        try (var writer = Files.newOutputStream(live, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write("abcdef".getBytes());
            writer.flush();
            rotator.rotateIfDue();
            writer.write("gh".getBytes());
        }

        assertThat(live).hasContent("gh");
        assertThat(rotator.rotated(1)).hasContent("abcdef");
    }
}
