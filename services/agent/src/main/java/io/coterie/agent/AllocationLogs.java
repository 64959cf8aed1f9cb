package io.coterie.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workloads' output lives: {@code STATE-DIR/logs/ALLOC/stdout.log} and {@code stderr.log},
 * with rotated generations {@code .1} (newest) and up. Logs outlive their allocation here so that
 * a finished job's output can still be read, until {@code log-retention} has passed.
 */
final class AllocationLogs {

    private static final Logger log = LoggerFactory.getLogger(AllocationLogs.class);
    /** More than libs/cgroups keeps by default; a missing generation simply ends the walk. */
    private static final int MAX_GENERATIONS = 100;

    private final Path root;

    AllocationLogs(Path root) {
        this.root = root;
    }

    Path dirOf(String allocId) {
        return root.resolve(allocId);
    }

    boolean exist(String allocId) {
        return Files.isDirectory(dirOf(allocId));
    }

    /** The live file of {@code stream} (stdout or stderr) and then its rotated generations, newest first. */
    List<Path> newestFirst(String allocId, String stream) {
        Path live = dirOf(allocId).resolve(stream + ".log");
        List<Path> files = new ArrayList<>(List.of(live));
        for (int generation = 1; generation <= MAX_GENERATIONS; generation++) {
            Path rotated = live.resolveSibling(live.getFileName() + "." + generation);
            if (!Files.exists(rotated)) {
                break;
            }
            files.add(rotated);
        }
        return files;
    }

    /** Removes the logs of allocations not in {@code keep} that nothing has written to for {@code retention}. */
    void prune(Set<String> keep, Duration retention) {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant cutoff = Instant.now().minus(retention);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (!keep.contains(dir.getFileName().toString()) && lastWritten(dir).isBefore(cutoff)) {
                    delete(dir);
                    log.info("removed the logs of {} (untouched for more than {})", dir.getFileName(), retention);
                }
            }
        } catch (IOException e) {
            log.warn("could not prune old logs under {}", root, e);
        }
    }

    private static Instant lastWritten(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Instant newest = Files.getLastModifiedTime(dir).toInstant();
            for (Path file : files.toList()) {
                Instant written = Files.getLastModifiedTime(file).toInstant();
                newest = written.isAfter(newest) ? written : newest;
            }
            return newest;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
