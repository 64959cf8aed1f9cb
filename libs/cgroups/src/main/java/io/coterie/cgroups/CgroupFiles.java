package io.coterie.cgroups;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Reading and writing cgroupfs interface files, with errors that say which file and which value. */
final class CgroupFiles {

    private CgroupFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + describe(e), e);
        }
    }

    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + describe(e), e);
        }
    }

    static long readLong(Path file) {
        String text = read(file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CgroupException("expected a number in " + file + ", found '" + text + "'", e);
        }
    }

    /** A "key value" line from a flat-keyed file such as memory.events, cpu.stat or memory.oom_control. */
    static OptionalLong readKey(Path file, String key) {
        Optional<String> text = readIfPresent(file);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        for (String line : text.get().split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return OptionalLong.of(Long.parseLong(parts[1]));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * One write(2) of the whole value: cgroupfs parses each write on its own. O_TRUNC as a shell's
     * "echo &gt;" would; cgroupfs ignores it, and it keeps plain files (tests' fake trees) exact.
     */
    static void write(Path file, String value) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new CgroupException("cannot write '" + value + "' to " + file + ": " + describe(e), e);
        }
    }

    static boolean mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + describe(e), e);
        }
    }

    /**
     * Removes an empty cgroup. rmdir can fail with EBUSY for a moment after the last task has
     * exited (the kernel finishes tearing the task down asynchronously), so it is retried until
     * {@code patience} runs out. Returns false when the directory did not exist.
     */
    static boolean rmdir(Path dir, long patienceNanos) {
        long deadline = System.nanoTime() + patienceNanos;
        while (true) {
            try {
                Files.delete(dir);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (DirectoryNotEmptyException e) {
                throw new CgroupException("cannot remove cgroup " + dir + ": it still has child groups", e);
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new CgroupException("cannot remove cgroup " + dir + ": " + describe(e)
                            + " (processes still in it: " + readIfPresent(dir.resolve("cgroup.procs")).orElse("?") + ")", e);
                }
                pause();
            }
        }
    }

    static List<String> childGroups(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CgroupException("cannot list " + dir + ": " + describe(e), e);
        }
    }

    static List<Long> pids(Path procsFile) {
        Optional<String> text = readIfPresent(procsFile);
        List<Long> pids = new ArrayList<>();
        if (text.isPresent()) {
            for (String line : text.get().split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        }
        return pids;
    }

    /** The poll interval while waiting for the kernel; cgroupfs offers no portable notification in v1. */
    static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }

    private static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }
}
