package io.coterie.cgroups;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rotates one log file that a workload writes with O_APPEND, by copy-then-truncate.
 *
 * <p>Why not a pipe through the agent, which would rotate exactly: the workload would then die of
 * SIGPIPE on its next write after an agent restart, and re-adoption is a requirement. With the file
 * opened O_APPEND by the workload itself, it keeps writing whatever happens to the agent, and after
 * a truncate its next write lands at offset 0 again. The price, as with logrotate's copytruncate:
 * bytes written between the last copy pass and the truncate are lost. The copy is repeated until the
 * file stops growing, which shrinks that window to two system calls.
 */
final class LogRotator {

    private static final int MAX_COPY_PASSES = 4;

    private final Path file;
    private final LogRotation policy;

    LogRotator(Path file, LogRotation policy) {
        this.file = file;
        this.policy = policy;
    }

    Path file() {
        return file;
    }

    Path rotated(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }

    /** Rotates if the live file has reached the size limit; returns whether it did. */
    synchronized boolean rotateIfDue() throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (size < policy.maxBytes()) {
            return false;
        }
        if (policy.keepRotated() == 0) {
            truncate();
            return true;
        }
        Files.deleteIfExists(rotated(policy.keepRotated()));
        for (int generation = policy.keepRotated() - 1; generation >= 1; generation--) {
            if (Files.exists(rotated(generation))) {
                Files.move(rotated(generation), rotated(generation + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path newest = rotated(1);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel target = FileChannel.open(newest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            for (int pass = 0; pass < MAX_COPY_PASSES; pass++) {
                long end = source.size();
                if (end <= copied) {
                    break;
                }
                while (copied < end) {
                    copied += source.transferTo(copied, end - copied, target);
                }
            }
            source.truncate(0);
        }
        return true;
    }

    private void truncate() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }
}
