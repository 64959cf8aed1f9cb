package io.coterie.naming;

/**
 * What a listing or a watch covers: every name that starts with the prefix, as text. {@code
 * /apps/} covers {@code /apps/a} and {@code /apps/a/b}; {@code /apps/a} also covers {@code
 * /apps/ab}; {@code /} covers everything.
 */
public record NamePrefix(String prefix) {

    public NamePrefix {
        NameRules.prefixViolation(prefix).ifPresent(rule -> {
            throw new InvalidNameException(rule);
        });
    }

    public static NamePrefix of(String prefix) {
        return new NamePrefix(prefix);
    }

    public String storeKeyPrefix() {
        return NamePath.STORE_ROOT + prefix;
    }

    public boolean covers(NamePath name) {
        return name.toString().startsWith(prefix);
    }

    /** A name right below the prefix: nothing after it but the rest of one segment. */
    public boolean coversAsChild(NamePath name) {
        return covers(name) && name.toString().indexOf('/', prefix.length()) < 0;
    }

    @Override
    public String toString() {
        return prefix;
    }
}
