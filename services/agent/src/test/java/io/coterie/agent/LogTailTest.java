package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void theLastLinesComeOldestFirstWithoutTheFinalNewlineMakingAnEmptyOne() throws IOException {
        Path log = write("stdout.log", "one\ntwo\nthree\n");

        assertThat(LogTail.lastLines(List.of(log), 2)).containsExactly("two", "three");
        assertThat(LogTail.lastLines(List.of(log), 100)).containsExactly("one", "two", "three");
    }

    @Test
    void anUnfinishedLastLineAndEmptyLinesAreLines() throws IOException {
        Path log = write("stdout.log", "\nfirst\n\nhalf a li");

        assertThat(LogTail.lastLines(List.of(log), 10)).containsExactly("", "first", "", "half a li");
    }

    @Test
    void linesLongerThanAReadChunkAndCharactersSplitAcrossChunksComeOutWhole() throws IOException {
        String wide = "é".repeat(70_000); // 140,000 bytes: spans three chunks, and a chunk edge falls inside a character
        Path log = write("stdout.log", "before\n" + wide + "\nafter\n");

        assertThat(LogTail.lastLines(List.of(log), 2)).containsExactly(wide, "after");
        assertThat(LogTail.lastLines(List.of(log), 3)).containsExactly("before", wide, "after");
    }

    @Test
    void rotatedGenerationsContinueTheTailAndMissingFilesAreSkipped() throws IOException {
        Path live = write("stdout.log", "five\nsix\n");
        Path first = write("stdout.log.1", "three\nfour\n");
        Path second = write("stdout.log.2", "one\ntwo\n");

        assertThat(LogTail.lastLines(List.of(live, first, second), 5)).containsExactly("two", "three", "four", "five", "six");
        assertThat(LogTail.lastLines(List.of(dir.resolve("missing.log"), first), 5)).containsExactly("three", "four");
        assertThat(LogTail.lastLines(List.of(write("empty.log", "")), 5)).isEmpty();
    }

    @Test
    void manyLinesAcrossManyChunks() throws IOException {
        List<String> lines = IntStream.range(0, 50_000).mapToObj(i -> "line " + i).toList();
        Path log = write("stdout.log", lines.stream().collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.lastLines(List.of(log), 10_000)).isEqualTo(new ArrayList<>(lines.subList(40_000, 50_000)));
    }
}
