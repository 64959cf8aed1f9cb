package io.coterie.api.kv;

import java.util.List;

/**
 * A transaction: if every compare holds, run {@code success}, otherwise {@code failure}; atomically.
 *
 * <p>A compare names a {@code key}, a {@code target} (version, createRevision, modRevision, value,
 * lease), a {@code result} (equal, notEqual, less, greater) and either {@code number} or
 * {@code value}/{@code valueBase64}. A missing key has version 0, so {@code version equal 0} tests
 * absence. Each operation is one of {@code put}, {@code delete} or {@code get}.
 */
public record TxnBody(List<Compare> compare, List<Op> success, List<Op> failure) {

    public record Compare(String key, String target, String result, Long number, String value, String valueBase64) {
    }

    public record Op(Put put, Delete delete, Get get) {
    }

    public record Put(String key, String value, String valueBase64, Long lease) {
    }

    public record Delete(String key, Boolean prefix) {
    }

    public record Get(String key, Boolean prefix, Integer limit) {
    }
}
