package io.coterie.api.kv;

/**
 * A key as the HTTP API shows it. {@code value} holds the value when it is valid UTF-8 text,
 * otherwise {@code valueBase64} holds it; exactly one of them is present. {@code revision} is the
 * store revision the answer reflects; {@code lease} is absent when the key has none.
 */
public record KeyValueView(String key, String value, String valueBase64, long revision, long modRevision,
                           long createRevision, long version, Long lease) {
}
