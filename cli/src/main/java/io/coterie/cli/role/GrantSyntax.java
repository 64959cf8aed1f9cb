package io.coterie.cli.role;

import io.coterie.cli.core.UsageException;
import java.util.List;

/**
 * {@code ACTION:PREFIX}, checked before any request: the action one of read, write, admin, submit,
 * call; the prefix anything without control characters, the empty prefix included ({@code admin:}).
 * Names are absolute and keys relative, so {@code read:/apps/a/} covers names and {@code write:apps/a/} keys.
 */
final class GrantSyntax {

    static final List<String> ACTIONS = List.of("read", "write", "admin", "submit", "call");

    private GrantSyntax() {
    }

    /** {@code grant} itself when it is well-formed; else a usage error naming the rule. */
    static String check(String grant) {
        int colon = grant.indexOf(':');
        if (colon < 0) {
            throw new UsageException("'" + grant + "' is not a grant: write ACTION:PREFIX, e.g. read:/apps/a/");
        }
        String action = grant.substring(0, colon);
        if (!ACTIONS.contains(action)) {
            throw new UsageException("'" + grant + "': '" + action + "' is not an action (" + String.join(", ", ACTIONS) + ")");
        }
        if (grant.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new UsageException("'" + grant + "': a grant's prefix must not contain control characters");
        }
        return grant;
    }
}
