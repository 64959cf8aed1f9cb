package io.coterie.testsupport.linearizability;

import java.util.Objects;

/**
 * What a client asks of the key-value store, as far as {@link KvRegisterModel} cares. Sealed, so that a new
 * kind of operation has to be given a meaning in the model before histories containing it can be checked.
 */
public sealed interface KvInput {

    String key();

    /** Output: the value read, {@code null} if the key is absent. */
    record Read(String key) implements KvInput {
        public Read {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Output: ignored. Use {@link Delete} to make a key absent. */
    record Write(String key, String value) implements KvInput {
        public Write {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value (use Delete to remove a key)");
        }
    }

    /**
     * Sets {@code newValue} if the current value equals {@code expected}. Output: {@link Boolean} success.
     * A {@code null} {@code expected} means "key absent"; a {@code null} {@code newValue} removes the key.
     */
    record Cas(String key, String expected, String newValue) implements KvInput {
        public Cas {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Output: ignored. */
    record Delete(String key) implements KvInput {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    static Read read(String key) {
        return new Read(key);
    }

    static Write write(String key, String value) {
        return new Write(key, value);
    }

    static Cas cas(String key, String expected, String newValue) {
        return new Cas(key, expected, newValue);
    }

    static Delete delete(String key) {
        return new Delete(key);
    }
}
