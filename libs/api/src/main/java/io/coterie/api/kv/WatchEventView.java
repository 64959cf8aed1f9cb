package io.coterie.api.kv;

/**
 * One change, as a watch delivers it: {@code type} is "put" or "delete". For a delete only
 * {@code key} and {@code revision} are set.
 */
public record WatchEventView(String type, String key, String value, String valueBase64, long revision,
                             Long createRevision, Long version, Long lease) {
}
