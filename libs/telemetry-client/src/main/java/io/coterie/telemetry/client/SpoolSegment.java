package io.coterie.telemetry.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of the spool: a 4-byte magic, then entries of {@code [int length][int crc32c][short keyLength][key][value]}
 * numbered from {@link #base()} (the number is in the file name, so a segment can be dropped without renumbering the
 * others). Appends go to an in-process buffer first: one write call per buffer, not per point. Readers only see what
 * has left the buffer ({@link #writeBuffered()}). Not thread-safe: the {@link Spool} serialises access.
 *
 * <p>A {@link RandomAccessFile} rather than a {@code FileChannel}: a channel is closed for good when a thread doing
 * I/O on it is interrupted, and {@code record} runs on the caller's threads.
 */
final class SpoolSegment implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SpoolSegment.class);

    static final String SUFFIX = ".spool";
    private static final int MAGIC = 0x43545331; // "CTS1"
    static final int HEADER_BYTES = 4;
    static final int ENTRY_HEADER_BYTES = 8;
    /** Far above any valid point (key at most 256 bytes, value at most 8 KiB): a larger length means a torn write. */
    static final int MAX_PAYLOAD_BYTES = 2 + 1024 + TelemetryWire.MAX_RECORD_BYTES;

    private final Path path;
    private final long base;
    private final RandomAccessFile file;
    private ByteBuffer buffer;
    private long count;
    private long written;

    private SpoolSegment(Path path, long base, RandomAccessFile file, ByteBuffer buffer, long count, long written) {
        this.path = path;
        this.base = base;
        this.file = file;
        this.buffer = buffer;
        this.count = count;
        this.written = written;
    }

    static SpoolSegment create(Path directory, long base, int bufferBytes) throws IOException {
        Path path = directory.resolve(fileName(base));
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString());
        }
        ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
        buffer.putInt(MAGIC);
        return new SpoolSegment(path, base, new RandomAccessFile(path.toFile(), "rw"), buffer, 0, 0);
    }

    /**
     * Opens a segment an earlier client left, sealed. Entries are checked against their checksums; the first torn or
     * corrupt one (a machine crash while the OS had not written the tail back) ends the segment and the file is cut
     * there. Returns null for a file too damaged to hold even its header; it is deleted.
     */
    static SpoolSegment recover(Path path, long base, ByteBuffer chunk) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        long size = file.length();
        if (size < HEADER_BYTES || file.readInt() != MAGIC) {
            file.close();
            log.warn("Spool file {} has no valid header ({} bytes); deleting it", path, size);
            Files.delete(path);
            return null;
        }
        SpoolSegment segment = new SpoolSegment(path, base, file, null, 0, size);
        long position = HEADER_BYTES;
        long entries = 0;
        while (position < size) {
            Parsed parsed = segment.parse(position, chunk, true, base + entries, null);
            if (parsed.entries() == 0) {
                break;
            }
            position = parsed.position();
            entries += parsed.entries();
        }
        if (position < size) {
            log.warn("Spool file {} ends in a torn or corrupt entry after {} good entries; cutting {} bytes",
                    path, entries, size - position);
            file.setLength(position);
            file.getFD().sync();
        }
        segment.count = entries;
        segment.written = position;
        return segment;
    }

    static String fileName(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    /** The base index a segment file name carries, or -1 for a file that is not a segment. */
    static long baseOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static int entryBytes(byte[] key, byte[] value) {
        return ENTRY_HEADER_BYTES + 2 + key.length + value.length;
    }

    long base() {
        return base;
    }

    /** One past the index of the last entry. */
    long end() {
        return base + count;
    }

    long count() {
        return count;
    }

    long size() {
        return written + (buffer == null ? 0 : buffer.position());
    }

    /** How far a reader may read: the bytes that have reached the file. */
    long readableBytes() {
        return written;
    }

    boolean hasBuffered() {
        return buffer != null && buffer.position() > 0;
    }

    boolean sealed() {
        return buffer == null;
    }

    void append(byte[] key, byte[] value) throws IOException {
        int bytes = entryBytes(key, value);
        if (buffer.remaining() < bytes) {
            writeBuffered();
        }
        CRC32C crc = new CRC32C();
        crc.update(key.length >>> 8);
        crc.update(key.length);
        crc.update(key);
        crc.update(value);
        buffer.putInt(bytes - ENTRY_HEADER_BYTES)
                .putInt((int) crc.getValue())
                .putShort((short) key.length)
                .put(key)
                .put(value);
        count++;
    }

    /** Hands the buffered entries to the OS: from here a process crash no longer loses them (a machine crash still can). */
    void writeBuffered() throws IOException {
        if (!hasBuffered()) {
            return;
        }
        file.seek(written);
        file.write(buffer.array(), 0, buffer.position());
        written += buffer.position();
        buffer.clear();
    }

    /** No more appends; the file is forced to disk, so a machine crash cannot lose a sealed segment. */
    void seal() throws IOException {
        if (buffer == null) {
            return;
        }
        writeBuffered();
        file.getFD().sync();
        buffer = null;
    }

    /**
     * Reads the whole entries that fit in {@code chunk} from {@code position} (the entry numbered {@code index}) and
     * adds them to {@code into}.
     */
    Parsed read(long position, long index, ByteBuffer chunk, List<SpooledPoint> into) throws IOException {
        return parse(position, chunk, false, index, into);
    }

    /** The byte position of entry {@code index} (between base and end), found by walking the lengths. */
    long positionOf(long index, ByteBuffer chunk) throws IOException {
        long position = HEADER_BYTES;
        long at = base;
        while (at < index) {
            Parsed parsed = parse(position, chunk, false, at, null, index - at);
            if (parsed.entries() == 0) {
                throw new IOException("spool file " + path + " ends before entry " + index);
            }
            position = parsed.position();
            at += parsed.entries();
        }
        return position;
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + base + ".." + end() + ")";
    }

    private Parsed parse(long position, ByteBuffer chunk, boolean verify, long index, List<SpooledPoint> into) throws IOException {
        return parse(position, chunk, verify, index, into, Long.MAX_VALUE);
    }

    private Parsed parse(long position, ByteBuffer chunk, boolean verify, long index, List<SpooledPoint> into,
                         long maxEntries) throws IOException {
        int bytes = (int) Math.min(chunk.capacity(), written - position);
        file.seek(position);
        file.readFully(chunk.array(), 0, bytes);
        chunk.clear().limit(bytes);
        long entries = 0;
        int offset = 0;
        while (entries < maxEntries && chunk.limit() - offset >= ENTRY_HEADER_BYTES) {
            int length = chunk.getInt(offset);
            if (length < 2 || length > MAX_PAYLOAD_BYTES || chunk.limit() - offset - ENTRY_HEADER_BYTES < length) {
                break; // torn (recovery) or simply the end of this chunk
            }
            int payload = offset + ENTRY_HEADER_BYTES;
            int keyLength = chunk.getShort(payload) & 0xFFFF;
            if (keyLength > length - 2) {
                break;
            }
            if (verify && !checksumMatches(chunk, payload, length, chunk.getInt(offset + 4))) {
                break;
            }
            if (into != null) {
                byte[] key = new byte[keyLength];
                byte[] value = new byte[length - 2 - keyLength];
                chunk.get(payload + 2, key);
                chunk.get(payload + 2 + keyLength, value);
                into.add(new SpooledPoint(index + entries, key, value));
            }
            entries++;
            offset = payload + length;
        }
        return new Parsed(position + offset, entries);
    }

    private static boolean checksumMatches(ByteBuffer chunk, int payload, int length, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(chunk.duplicate().position(payload).limit(payload + length));
        return (int) crc.getValue() == expected;
    }

    /** Where parsing stopped and how many entries it passed. */
    record Parsed(long position, long entries) {
    }
}
