package io.coterie.telemetry.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log every recorded point goes through before Kafka sees it: numbered entries in segment files,
 * appended by {@code record}, read in order by the shipper, and forgotten only once Kafka has acknowledged every
 * entry before them ({@link #acknowledge}) or the spool has outgrown its limit (the oldest segment is dropped and its
 * unacknowledged entries counted). "Acknowledged up to" is persisted in the file {@value #ACKED_FILE}, so a client
 * started later on the same directory sends what an earlier one left. One client per directory, enforced by a file
 * lock. Thread-safe: one monitor guards everything, and no caller holds it while talking to Kafka.
 */
final class Spool implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    static final long MIN_LIMIT_BYTES = 128 * 1024;
    private static final long MIN_SEGMENT_BYTES = 16 * 1024;
    private static final long MAX_SEGMENT_BYTES = 8 * 1024 * 1024;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    static final int READ_CHUNK_BYTES = 256 * 1024;
    static final String ACKED_FILE = "acked";
    private static final String LOCK_FILE = "spool.lock";
    /** A crash re-sends at most this much of what was already acknowledged: duplicates, which consumers drop. */
    private static final long ACK_PERSIST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path directory;
    private final long limitBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, SpoolSegment> segments = new TreeMap<>();
    private final ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK_BYTES);
    private SpoolSegment active;
    /** Every entry below this index is acknowledged or dropped. */
    private long acked;
    private long persistedAcked = -1;
    private long lastPersistNanos = System.nanoTime();
    private long totalBytes;
    private long pending;
    private long delivered;
    private long dropped;
    private boolean closed;

    private Spool(Path directory, long limitBytes, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.limitBytes = limitBytes;
        // Eight segments or more per spool: dropping the oldest gives back an eighth of the limit at most.
        this.segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, limitBytes / 8));
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the spool in {@code directory}, taking over whatever an earlier client left there. */
    static Spool open(Path directory, long limitBytes) throws IOException {
        if (limitBytes < MIN_LIMIT_BYTES) {
            throw new IllegalArgumentException("the spool limit is at least " + MIN_LIMIT_BYTES + " bytes: " + limitBytes);
        }
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("the spool directory " + directory + " is in use by another telemetry client");
        }
        Spool spool = new Spool(directory, limitBytes, lockChannel, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.releaseLock();
            throw e;
        }
        return spool;
    }

    /** Appends one entry and returns its index; drops the oldest segments first if the spool would exceed its limit. */
    synchronized long append(byte[] key, byte[] value) throws IOException {
        ensureOpen();
        int bytes = SpoolSegment.entryBytes(key, value);
        if (active.size() + bytes > segmentBytes && active.count() > 0) {
            rotate();
        }
        while (totalBytes + bytes > limitBytes && segments.size() > 1) {
            dropOldest();
        }
        long index = active.end();
        long before = active.size();
        active.append(key, value);
        totalBytes += active.size() - before;
        pending++;
        return index;
    }

    /**
     * Up to about {@value #READ_CHUNK_BYTES} bytes of entries from {@code cursor} on (from the oldest entry left, if
     * the cursor's were dropped). Buffered entries are written out first when the reader has caught up with the file.
     */
    synchronized SpoolBatch read(SpoolCursor cursor) throws IOException {
        ensureOpen();
        SpoolCursor at = cursor;
        while (true) {
            SpoolSegment segment = segments.get(at.segmentBase());
            if (segment == null) {
                // Its segment is gone: dropped (then the oldest left is next) or delivered in full (then the one after).
                at = start(segments.ceilingEntry(at.index()).getValue());
                continue;
            }
            if (at.position() < segment.readableBytes()) {
                List<SpooledPoint> points = new ArrayList<>();
                SpoolSegment.Parsed parsed = segment.read(at.position(), at.index(), chunk, points);
                return new SpoolBatch(points, new SpoolCursor(at.index() + parsed.entries(), segment.base(), parsed.position()));
            }
            if (segment.hasBuffered()) {
                segment.writeBuffered();
            } else if (segment != active) {
                at = start(segments.higherEntry(segment.base()).getValue());
            } else {
                return new SpoolBatch(List.of(), at);
            }
        }
    }

    /** Where to resume sending after a failure: the first entry not yet acknowledged. */
    synchronized SpoolCursor cursorAtAcked() throws IOException {
        ensureOpen();
        for (SpoolSegment segment : segments.values()) {
            if (segment.end() > acked || segment == active) {
                if (acked <= segment.base()) {
                    return start(segment);
                }
                segment.writeBuffered();
                return new SpoolCursor(acked, segment.base(), segment.positionOf(acked, chunk));
            }
        }
        throw new IllegalStateException("the spool has no active segment");
    }

    /**
     * Kafka acknowledged {@code indexes}, the next entries in order after everything acknowledged before. Entries of a
     * segment dropped meanwhile were already counted as dropped; they are not counted again.
     */
    synchronized void acknowledge(long[] indexes, int count) {
        if (closed || count == 0) {
            return;
        }
        long first = firstIndex();
        for (int i = 0; i < count; i++) {
            if (indexes[i] >= first && indexes[i] >= acked) {
                delivered++;
                pending--;
            }
        }
        acked = Math.max(acked, indexes[count - 1] + 1);
        deleteAcknowledgedSegments();
        long now = System.nanoTime();
        if (now - lastPersistNanos >= ACK_PERSIST_INTERVAL_NANOS) {
            persistAcked();
            lastPersistNanos = now;
        }
        notifyAll();
    }

    /** Waits until every entry below {@code index} is acknowledged or dropped; false if {@code timeoutNanos} passed first. */
    synchronized boolean awaitAcked(long index, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (acked < index && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return acked >= index;
    }

    /** Index of the oldest entry still in the spool. */
    synchronized long firstIndex() {
        return segments.isEmpty() ? active.end() : segments.firstKey();
    }

    /** One past the index of the newest entry. */
    synchronized long endIndex() {
        return active.end();
    }

    synchronized long pending() {
        return pending;
    }

    synchronized TelemetryStats stats(long recorded) {
        return new TelemetryStats(recorded, delivered, pending, totalBytes, dropped);
    }

    Path directory() {
        return directory;
    }

    synchronized void writeBuffered() throws IOException {
        if (!closed) {
            active.writeBuffered();
        }
    }

    /** Seals the active segment, forgets fully acknowledged segments, records the acknowledged position, unlocks. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            active.seal();
            deleteAcknowledgedSegments();
            if (active.count() == 0 || acked >= active.end()) {
                segments.remove(active.base()).delete();
            }
            persistAcked();
            for (SpoolSegment segment : segments.values()) {
                segment.close();
            }
        } finally {
            closed = true;
            notifyAll();
            releaseLock();
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> SpoolSegment.baseOf(file) >= 0).sorted().toList();
        }
        for (Path file : files) {
            SpoolSegment segment = SpoolSegment.recover(file, SpoolSegment.baseOf(file), chunk);
            if (segment != null && segment.count() == 0) {
                segment.delete();
            } else if (segment != null) {
                segments.put(segment.base(), segment);
                totalBytes += segment.size();
            }
        }
        long persisted = readAcked();
        long next = persisted;
        for (SpoolSegment segment : segments.values()) {
            pending += segment.count() - Math.max(0, Math.min(segment.count(), persisted - segment.base()));
            next = Math.max(next, segment.end());
        }
        acked = segments.isEmpty() ? persisted : Math.max(persisted, segments.firstKey());
        deleteAcknowledgedSegments();
        // A fresh segment for this client: an earlier client's last segment may end in a cut entry.
        active = SpoolSegment.create(directory, next, (int) Math.min(WRITE_BUFFER_BYTES, segmentBytes));
        segments.put(next, active);
        totalBytes += active.size();
        if (pending > 0) {
            log.info("Spool {} holds {} undelivered points from an earlier client; sending them first", directory, pending);
        }
    }

    private void rotate() throws IOException {
        active.seal();
        SpoolSegment next = SpoolSegment.create(directory, active.end(), (int) Math.min(WRITE_BUFFER_BYTES, segmentBytes));
        totalBytes += next.size();
        active = next;
        segments.put(next.base(), next);
        deleteAcknowledgedSegments();
    }

    private void dropOldest() throws IOException {
        SpoolSegment oldest = segments.pollFirstEntry().getValue();
        long unacknowledged = oldest.count() - Math.max(0, Math.min(oldest.count(), acked - oldest.base()));
        totalBytes -= oldest.size();
        oldest.delete();
        acked = Math.max(acked, oldest.end());
        pending -= unacknowledged;
        dropped += unacknowledged;
        if (unacknowledged > 0) {
            log.warn("Telemetry spool {} reached its limit of {} bytes: dropped {} undelivered points (the oldest, "
                    + "entries {}..{}); {} dropped so far", directory, limitBytes, unacknowledged, oldest.base(), oldest.end() - 1, dropped);
        }
        notifyAll();
    }

    private void deleteAcknowledgedSegments() {
        while (segments.size() > 1) {
            SpoolSegment oldest = segments.firstEntry().getValue();
            if (oldest == active || oldest.end() > acked) {
                return;
            }
            segments.pollFirstEntry();
            totalBytes -= oldest.size();
            try {
                oldest.delete();
            } catch (IOException e) {
                log.warn("Cannot delete the delivered spool file {}: {}", oldest, e.toString());
            }
        }
    }

    private SpoolCursor start(SpoolSegment segment) {
        return new SpoolCursor(segment.base(), segment.base(), SpoolSegment.HEADER_BYTES);
    }

    private long readAcked() throws IOException {
        Path file = directory.resolve(ACKED_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            log.warn("Spool {}: unreadable {} file ({}); sending every spooled point again", directory, ACKED_FILE, text);
            return 0;
        }
    }

    private void persistAcked() {
        if (acked == persistedAcked) {
            return;
        }
        Path file = directory.resolve(ACKED_FILE);
        Path temporary = directory.resolve(ACKED_FILE + ".tmp");
        try {
            Files.writeString(temporary, acked + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            persistedAcked = acked;
        } catch (IOException e) {
            // Not fatal: a later start re-sends from the last position that was written, and consumers drop the replays.
            log.warn("Spool {}: cannot record the acknowledged position: {}", directory, e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the spool " + directory + " is closed");
        }
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Spool[" + directory + ", segments=" + segments.values() + ", acked=" + acked + "]";
    }

    /** For tests: the segment files currently in use. */
    synchronized List<Long> segmentBases() {
        return List.copyOf(segments.keySet());
    }
}
