package io.coterie.consensus.core;

import io.coterie.consensus.protocol.Event;
import io.coterie.consensus.protocol.KeyValue;
import io.coterie.consensus.protocol.SnapshotHeader;
import io.coterie.consensus.protocol.SnapshotLease;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The snapshot file: a {@link SnapshotHeader}, the keys, the leases and the event history as
 * length-delimited protobuf messages, then a SHA-256 of everything before it. A snapshot whose
 * checksum does not match is refused, never half-loaded.
 */
public final class SnapshotFormat {

    static final int FORMAT = 1;
    private static final int DIGEST_BYTES = 32;

    /** Where in the Raft log a snapshot was taken. */
    public record Header(long term, long index) {
    }

    record Contents(SnapshotHeader header, List<KeyValue> keys, List<SnapshotLease> leases, List<Event> events) {
    }

    private SnapshotFormat() {
    }

    static void write(OutputStream out, long term, long index, long revision, long compactRevision, long nextLeaseId,
                      Collection<KeyValue> keys, List<SnapshotLease> leases, List<Event> events) throws IOException {
        MessageDigest sha = sha256();
        DigestOutputStream digesting = new DigestOutputStream(out, sha);
        writeBody(digesting, term, index, revision, compactRevision, nextLeaseId, keys, leases, events);
        digesting.flush();
        out.write(sha.digest());
        out.flush();
    }

    static byte[] hash(long revision, long compactRevision, long nextLeaseId,
                       Collection<KeyValue> keys, List<SnapshotLease> leases, List<Event> events) {
        MessageDigest sha = sha256();
        try (DigestOutputStream digesting = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            // Term and index are Raft's bookkeeping, not the store's state: hash them as zero.
            writeBody(digesting, 0, 0, revision, compactRevision, nextLeaseId, keys, leases, events);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a null stream cannot fail", e);
        }
        return sha.digest();
    }

    private static void writeBody(OutputStream out, long term, long index, long revision, long compactRevision,
                                  long nextLeaseId, Collection<KeyValue> keys, List<SnapshotLease> leases,
                                  List<Event> events) throws IOException {
        SnapshotHeader.newBuilder()
                .setFormat(FORMAT)
                .setTerm(term)
                .setIndex(index)
                .setRevision(revision)
                .setCompactRevision(compactRevision)
                .setNextLeaseId(nextLeaseId)
                .setKeyCount(keys.size())
                .setLeaseCount(leases.size())
                .setEventCount(events.size())
                .build()
                .writeDelimitedTo(out);
        for (KeyValue kv : keys) {
            kv.writeDelimitedTo(out);
        }
        for (SnapshotLease lease : leases) {
            lease.writeDelimitedTo(out);
        }
        for (Event event : events) {
            event.writeDelimitedTo(out);
        }
    }

    static Contents read(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        DigestInputStream digesting = new DigestInputStream(in, sha);
        SnapshotHeader header = SnapshotHeader.parseDelimitedFrom(digesting);
        if (header == null) {
            throw new EOFException("snapshot is empty");
        }
        if (header.getFormat() != FORMAT) {
            throw new IOException("snapshot format " + header.getFormat() + " is not supported (expected " + FORMAT + ")");
        }
        List<KeyValue> keys = new ArrayList<>((int) Math.min(header.getKeyCount(), 1 << 20));
        for (long i = 0; i < header.getKeyCount(); i++) {
            keys.add(require(KeyValue.parseDelimitedFrom(digesting)));
        }
        List<SnapshotLease> leases = new ArrayList<>();
        for (long i = 0; i < header.getLeaseCount(); i++) {
            leases.add(require(SnapshotLease.parseDelimitedFrom(digesting)));
        }
        List<Event> events = new ArrayList<>((int) Math.min(header.getEventCount(), 1 << 20));
        for (long i = 0; i < header.getEventCount(); i++) {
            events.add(require(Event.parseDelimitedFrom(digesting)));
        }
        byte[] computed = sha.digest();
        byte[] stored = in.readNBytes(DIGEST_BYTES);
        if (stored.length != DIGEST_BYTES || !Arrays.equals(computed, stored)) {
            throw new IOException("snapshot checksum mismatch: the file is corrupt or truncated");
        }
        if (in.read() != -1) {
            throw new IOException("snapshot has trailing bytes after its checksum");
        }
        return new Contents(header, keys, leases, events);
    }

    private static <T> T require(T message) throws EOFException {
        if (message == null) {
            throw new EOFException("snapshot ends early");
        }
        return message;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
