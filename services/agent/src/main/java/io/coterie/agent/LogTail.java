package io.coterie.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a log and its rotated generations, read backwards from the end so that the
 * cost follows what is asked for, not how big the files are. Lines are decoded only once whole, so
 * a multi-byte character split across read chunks comes out intact.
 */
final class LogTail {

    private static final int CHUNK = 64 * 1024;
    /** A bound on the answer however long its lines are. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private LogTail() {
    }

    /** Up to {@code count} last lines, oldest first, from {@code newestFirst} (missing files are skipped). */
    static List<String> lastLines(List<Path> newestFirst, int count) throws IOException {
        Collected collected = new Collected(count);
        for (Path file : newestFirst) {
            if (collected.full()) {
                break;
            }
            readBackwards(file, collected);
        }
        return List.copyOf(collected.lines);
    }

    private static final class Collected {
        final int wanted;
        final Deque<String> lines = new ArrayDeque<>();
        long bytes;

        Collected(int wanted) {
            this.wanted = wanted;
        }

        boolean full() {
            return lines.size() >= wanted || bytes >= MAX_BYTES;
        }

        void addOldest(byte[] line) {
            lines.addFirst(new String(line, StandardCharsets.UTF_8));
            bytes += line.length;
        }
    }

    private static void readBackwards(Path file, Collected collected) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return;
            }
            // The newline that ends the file ends its last line; it does not start an empty one after it.
            long end = lastByte(channel, size) == '\n' ? size - 1 : size;
            // The bytes of the line being assembled, which lie after the chunk being scanned.
            byte[] partial = new byte[0];
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (end > 0 && !collected.full()) {
                int length = (int) Math.min(CHUNK, end);
                long start = end - length;
                buffer.clear().limit(length);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, start + buffer.position()) < 0) {
                        return; // truncated by a rotation meanwhile: its lines are in the next generation now
                    }
                }
                byte[] chunk = buffer.array();
                int lineEnd = length;
                for (int i = length - 1; i >= 0 && !collected.full(); i--) {
                    if (chunk[i] == '\n') {
                        collected.addOldest(concat(chunk, i + 1, lineEnd, partial));
                        partial = new byte[0];
                        lineEnd = i;
                    }
                }
                partial = concat(chunk, 0, lineEnd, partial);
                end = start;
            }
            if (!collected.full()) {
                collected.addOldest(partial); // the file's first line
            }
        } catch (NoSuchFileException e) {
            // Not written yet, or rotated away between listing and reading: no lines from it.
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, size - 1) == 1 ? last.get(0) : 0;
    }

    private static byte[] concat(byte[] chunk, int from, int to, byte[] after) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream(to - from + after.length);
        joined.write(chunk, from, to - from);
        joined.write(after, 0, after.length);
        return joined.toByteArray();
    }
}
