package io.coterie.auth;

/**
 * One permission: an action on every resource that starts with {@code prefix}. Names are absolute
 * ({@code /apps/a/x}) and keys relative ({@code apps/a/x}), so the prefix says which it covers.
 * Written {@code ACTION:PREFIX}, as in tokens and roles.
 */
public record Grant(Action action, String prefix) {

    public Grant {
        if (action == null || prefix == null) {
            throw new IllegalArgumentException("a grant needs an action and a prefix");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("a grant's prefix must not contain control characters");
            }
        }
    }

    /** Parses {@code read:/apps/a/} (the prefix may be empty: {@code admin:}). */
    public static Grant parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a grant: write ACTION:PREFIX, e.g. read:/apps/a/");
        }
        return new Grant(Action.parse(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** True when this grant lets its holder do {@code needed} to {@code resource}. */
    public boolean covers(Action needed, String resource) {
        return (action == needed || action == Action.ADMIN) && resource.startsWith(prefix);
    }

    @Override
    public String toString() {
        return action.wire() + ":" + prefix;
    }
}
