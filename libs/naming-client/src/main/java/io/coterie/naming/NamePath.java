package io.coterie.naming;

import java.util.List;
import java.util.Optional;

/**
 * A valid absolute name such as {@code /apps/a/config}. The store keeps the entry bound to it at
 * {@link #storeKey()}: {@code names/apps/a/config}.
 */
public final class NamePath implements Comparable<NamePath> {

    /** Where the store keeps names: name {@code /a/b} lives at key {@code names/a/b}. */
    public static final String STORE_ROOT = "names";

    private final String path;
    private final String storeKey;

    private NamePath(String path) {
        this.path = path;
        this.storeKey = STORE_ROOT + path;
    }

    /** Parses a name, or throws {@link InvalidNameException} naming the rule it breaks. */
    public static NamePath of(String path) {
        NameRules.nameViolation(path).ifPresent(rule -> {
            throw new InvalidNameException(rule);
        });
        return new NamePath(path);
    }

    /** The name kept at a store key under {@code names/}. */
    public static NamePath fromStoreKey(String key) {
        if (key == null || !key.startsWith(STORE_ROOT + "/")) {
            throw new InvalidNameException("store key '" + key + "' is not under " + STORE_ROOT + "/");
        }
        return of(key.substring(STORE_ROOT.length()));
    }

    public static Optional<NamePath> fromStoreKeyIfValid(String key) {
        try {
            return Optional.of(fromStoreKey(key));
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    public String storeKey() {
        return storeKey;
    }

    public List<String> segments() {
        return List.of(path.substring(1).split("/"));
    }

    /** The name one segment up, empty for a name of one segment (there is no entry at {@code /}). */
    public Optional<NamePath> parent() {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? Optional.empty() : Optional.of(new NamePath(path.substring(0, slash)));
    }

    /** This name with one more segment. */
    public NamePath child(String segment) {
        if (segment == null || segment.indexOf('/') >= 0) {
            throw new InvalidNameException("a segment must not contain '/' (got '" + segment + "')");
        }
        return of(path + "/" + segment);
    }

    @Override
    public int compareTo(NamePath other) {
        return path.compareTo(other.path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamePath name && name.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
