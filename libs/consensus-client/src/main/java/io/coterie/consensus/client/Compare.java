package io.coterie.consensus.client;

/**
 * One condition of a transaction. A missing key has version, create revision, mod revision and
 * lease 0, so {@code Compare.absent(key)} is {@code version == 0}; a value comparison on a missing
 * key is false.
 */
public record Compare(String key, Target target, Result result, long number, byte[] value) {

    public enum Target { VERSION, CREATE_REVISION, MOD_REVISION, VALUE, LEASE }

    public enum Result { EQUAL, NOT_EQUAL, LESS, GREATER }

    public static Compare absent(String key) {
        return new Compare(key, Target.VERSION, Result.EQUAL, 0, null);
    }

    public static Compare present(String key) {
        return new Compare(key, Target.VERSION, Result.GREATER, 0, null);
    }

    public static Compare modRevision(String key, Result result, long revision) {
        return new Compare(key, Target.MOD_REVISION, result, revision, null);
    }

    public static Compare version(String key, Result result, long version) {
        return new Compare(key, Target.VERSION, result, version, null);
    }

    public static Compare createRevision(String key, Result result, long revision) {
        return new Compare(key, Target.CREATE_REVISION, result, revision, null);
    }

    public static Compare lease(String key, Result result, long lease) {
        return new Compare(key, Target.LEASE, result, lease, null);
    }

    public static Compare value(String key, Result result, byte[] value) {
        return new Compare(key, Target.VALUE, result, 0, value);
    }
}
