package io.coterie.api.kv;

/** How many keys went, and the store revision after. */
public record DeleteResultView(long revision, long deleted) {
}
