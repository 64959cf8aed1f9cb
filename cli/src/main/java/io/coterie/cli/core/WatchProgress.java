package io.coterie.cli.core;

import java.util.Map;

/**
 * What a watch has delivered, so a reconnect neither misses nor repeats an event. The server puts
 * the SSE id (the revision) only on the last event of each revision, so a stream can drop halfway
 * through a revision: we resume from the last id (or the last revision printed) and skip the
 * events of that revision that were printed already, counted by their position in the revision.
 */
public final class WatchProgress {

    private final Long startRevision;
    private String lastEventId;
    private long lastRevision = -1;
    private int printedOfLastRevision;
    private long revisionOnThisConnection = -1;
    private int seenOfRevisionOnThisConnection;

    public WatchProgress(Long startRevision) {
        this.startRevision = startRevision;
    }

    /** A new connection replays from its resume point: count positions afresh. */
    public void connected() {
        revisionOnThisConnection = -1;
        seenOfRevisionOnThisConnection = 0;
    }

    /** Notes an arriving event; true when it has not been delivered before. */
    public boolean accept(long revision, String sseId) {
        if (revision != revisionOnThisConnection) {
            revisionOnThisConnection = revision;
            seenOfRevisionOnThisConnection = 0;
        }
        seenOfRevisionOnThisConnection++;
        boolean fresh = revision > lastRevision
                || (revision == lastRevision && seenOfRevisionOnThisConnection > printedOfLastRevision);
        if (fresh) {
            if (revision != lastRevision) {
                lastRevision = revision;
                printedOfLastRevision = 0;
            }
            printedOfLastRevision++;
        }
        if (sseId != null && !sseId.isEmpty()) {
            lastEventId = sseId;
        }
        return fresh;
    }

    /** {@code Last-Event-ID} once the server has named a point to resume after. */
    public Map<String, String> resumeHeaders() {
        return lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId);
    }

    /** The {@code fromRevision} to ask for: none when the Last-Event-ID says it, else the revision printed last (its printed events are skipped). */
    public Long fromRevision() {
        if (lastEventId != null) {
            return null;
        }
        return lastRevision >= 0 ? Long.valueOf(lastRevision) : startRevision;
    }

    public String lastEventId() {
        return lastEventId;
    }
}
