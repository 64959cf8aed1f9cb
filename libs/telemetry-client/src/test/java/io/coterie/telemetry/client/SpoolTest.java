package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final long LIMIT = 1024 * 1024; // 128 KiB segments

    @TempDir
    Path dir;

    @Test
    void entriesAreReadBackInOrderAcrossSegments() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            append(spool, 0, 3000);

            assertThat(spool.segmentBases()).hasSizeGreaterThan(2);
            List<SpooledPoint> read = readAll(spool, spool.cursorAtAcked());
            assertThat(read).extracting(SpooledPoint::index).containsExactlyElementsOf(range(0, 3000));
            assertThat(read).allSatisfy(point -> {
                assertThat(new String(point.key(), StandardCharsets.UTF_8)).isEqualTo("source/" + point.index() % 7);
                assertThat(new String(point.value(), StandardCharsets.UTF_8)).isEqualTo(value(point.index()));
            });
        }
    }

    @Test
    void aReopenedSpoolResumesAfterWhatWasAcknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            append(spool, 0, 1000);
            spool.acknowledge(LongStream.range(0, 400).toArray(), 400);
            assertThat(spool.stats(1000)).isEqualTo(new TelemetryStats(1000, 400, 600, spool.stats(0).spooledBytes(), 0));
        }

        try (Spool spool = Spool.open(dir, LIMIT)) {
            assertThat(spool.pending()).isEqualTo(600);
            assertThat(readAll(spool, spool.cursorAtAcked())).extracting(SpooledPoint::index).containsExactlyElementsOf(range(400, 1000));
            // New entries continue the numbering after the earlier client's.
            assertThat(append(spool, 0, 1)).isEqualTo(1000);
        }
    }

    @Test
    void fullyAcknowledgedSegmentsAreDeletedAndACleanCloseLeavesNoSegment() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            append(spool, 0, 3000);
            spool.acknowledge(LongStream.range(0, 2999).toArray(), 2999);

            assertThat(spool.segmentBases()).hasSize(1);
            assertThat(spool.pending()).isEqualTo(1);
            spool.acknowledge(new long[] {2999}, 1);
        }
        assertThat(segmentFiles()).isEmpty();
        assertThat(Files.readString(dir.resolve(Spool.ACKED_FILE)).strip()).isEqualTo("3000");
    }

    @Test
    void whenFullTheOldestSegmentIsDroppedAndCounted() throws IOException {
        long limit = Spool.MIN_LIMIT_BYTES;
        try (Spool spool = Spool.open(dir, limit)) {
            append(spool, 0, 2000);
            spool.writeBuffered();

            TelemetryStats stats = spool.stats(2000);
            assertThat(stats.dropped()).isPositive();
            assertThat(stats.dropped() + stats.pending()).isEqualTo(2000);
            assertThat(stats.spooledBytes()).isLessThanOrEqualTo(limit);
            assertThat(readAll(spool, new SpoolCursor(0, 0, SpoolSegment.HEADER_BYTES)))
                    .extracting(SpooledPoint::index).containsExactlyElementsOf(range(stats.dropped(), 2000));
        }
    }

    @Test
    void anAcknowledgementForADroppedPointIsNotCountedAsDelivered() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.MIN_LIMIT_BYTES)) {
            append(spool, 0, 2000);
            long dropped = spool.stats(0).dropped();

            spool.acknowledge(new long[] {0, 1, 2}, 3);

            assertThat(spool.stats(0).delivered()).isZero();
            assertThat(spool.stats(0).dropped()).isEqualTo(dropped);
            assertThat(spool.pending()).isEqualTo(2000 - dropped);
        }
    }

    @Test
    void aTornTailIsCutOnReopen() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            append(spool, 0, 100);
        }
        Path segment = segmentFiles().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() - 5); // the OS wrote back only part of the last entry
        }

        try (Spool spool = Spool.open(dir, LIMIT)) {
            assertThat(readAll(spool, spool.cursorAtAcked())).extracting(SpooledPoint::index).containsExactlyElementsOf(range(0, 99));
            assertThat(append(spool, 0, 1)).isEqualTo(99);
        }
    }

    @Test
    void aCorruptEntryEndsItsSegmentButLaterSegmentsSurvive() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            append(spool, 0, 2000);
        }
        List<Path> files = segmentFiles();
        assertThat(files).hasSizeGreaterThan(1);
        try (RandomAccessFile file = new RandomAccessFile(files.get(0).toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xFF);
        }

        try (Spool spool = Spool.open(dir, LIMIT)) {
            List<Long> indexes = readAll(spool, spool.cursorAtAcked()).stream().map(SpooledPoint::index).toList();
            long secondBase = SpoolSegment.baseOf(files.get(1));
            assertThat(indexes).startsWith(0L, 1L).endsWith(1999L).contains(secondBase).doesNotHaveDuplicates().isSorted();
            assertThat(indexes.size()).isLessThan(2000);
            assertThat(spool.pending()).isEqualTo(indexes.size());
        }
    }

    @Test
    void oneClientPerDirectory() throws IOException {
        try (Spool spool = Spool.open(dir, LIMIT)) {
            assertThatThrownBy(() -> Spool.open(dir, LIMIT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        }
        Spool.open(dir, LIMIT).close();
    }

    private static long append(Spool spool, long from, long count) throws IOException {
        long first = -1;
        for (long i = from; i < from + count; i++) {
            long index = spool.append(("source/" + i % 7).getBytes(StandardCharsets.UTF_8), value(i).getBytes(StandardCharsets.UTF_8));
            first = first < 0 ? index : first;
        }
        return first;
    }

    private static String value(long i) {
        return "{\"seq\":" + i + ",\"padding\":\"" + "x".repeat(60) + "\"}";
    }

    private static List<SpooledPoint> readAll(Spool spool, SpoolCursor from) throws IOException {
        List<SpooledPoint> points = new ArrayList<>();
        SpoolCursor cursor = from;
        for (SpoolBatch batch = spool.read(cursor); !batch.isEmpty(); batch = spool.read(cursor)) {
            points.addAll(batch.points());
            cursor = batch.next();
        }
        return points;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> SpoolSegment.baseOf(file) >= 0).sorted().toList();
        }
    }
}
