package io.coterie.telemetry.client;

/** Where the shipper reads next: entry {@code index}, at byte {@code position} of the segment numbered from {@code segmentBase}. */
record SpoolCursor(long index, long segmentBase, long position) {
}
