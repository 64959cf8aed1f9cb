package io.coterie.consensus.client;

import java.nio.charset.StandardCharsets;

/** A key as the store holds it. A missing key is an empty {@code Optional}, never a KeyValue. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long lease) {

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
