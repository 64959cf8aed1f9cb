package io.coterie.consensus.core;

import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.protocol.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every change since the compact revision, in revision order: what watches read from. Part of the
 * replicated state, so any peer can serve a watch from any revision it still holds.
 */
final class EventHistory {

    private final ArrayList<Event> events = new ArrayList<>();
    private long compactRevision;
    private long bytes;

    /**
     * Events matching {@code filter} from {@code fromRevision} on; whole revisions, soft caps
     * {@code max} events and {@link KvLimits#MAX_READ_REPLY_BYTES}.
     */
    record Slice(List<Event> events, boolean truncated) {
    }

    void append(List<Event> newEvents) {
        for (Event event : newEvents) {
            events.add(event);
            bytes += event.getSerializedSize();
        }
    }

    long compactRevision() {
        return compactRevision;
    }

    int size() {
        return events.size();
    }

    long bytes() {
        return bytes;
    }

    List<Event> all() {
        return Collections.unmodifiableList(events);
    }

    /** Forgets every event up to and including {@code revision}. */
    void compact(long revision) {
        if (revision <= compactRevision) {
            return;
        }
        int cut = firstIndexAtOrAfter(revision + 1);
        List<Event> dropped = events.subList(0, cut);
        for (Event event : dropped) {
            bytes -= event.getSerializedSize();
        }
        dropped.clear();
        compactRevision = revision;
    }

    /** The revision to compact to so that at most {@code keepEvents} and {@code keepBytes} remain. */
    long revisionToKeepWithin(int keepEvents, long keepBytes) {
        int index = 0;
        long remainingBytes = bytes;
        while (index < events.size() && (events.size() - index > keepEvents || remainingBytes > keepBytes)) {
            remainingBytes -= events.get(index).getSerializedSize();
            index++;
        }
        if (index == 0) {
            return compactRevision;
        }
        // Never split a revision: compacting to a revision forgets all of its events.
        long revision = revisionOf(events.get(index - 1));
        return revision;
    }

    Slice read(long fromRevision, Predicate<String> keyFilter, int maxEvents) {
        List<Event> out = new ArrayList<>();
        long outBytes = 0;
        int i = firstIndexAtOrAfter(fromRevision);
        while (i < events.size()) {
            Event event = events.get(i);
            long revision = revisionOf(event);
            boolean full = out.size() >= maxEvents || outBytes >= KvLimits.MAX_READ_REPLY_BYTES;
            if (full && revisionOf(out.get(out.size() - 1)) != revision) {
                return new Slice(out, true);
            }
            if (keyFilter.test(event.getKv().getKey())) {
                out.add(event);
                outBytes += event.getSerializedSize();
            }
            i++;
        }
        return new Slice(out, false);
    }

    void restore(long compactRevision, List<Event> restored) {
        events.clear();
        bytes = 0;
        this.compactRevision = compactRevision;
        append(restored);
    }

    static long revisionOf(Event event) {
        return event.getKv().getModRevision();
    }

    private int firstIndexAtOrAfter(long revision) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (revisionOf(events.get(mid)) < revision) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
