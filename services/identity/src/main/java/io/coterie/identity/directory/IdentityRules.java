package io.coterie.identity.directory;

import io.coterie.auth.Grant;
import io.coterie.service.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What the API accepts as names, grants and secrets; anything else is a 400 that says which rule broke. */
public final class IdentityRules {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    public static final int MIN_SECRET_CHARS = 16;
    /** bcrypt ignores everything past 72 bytes; a longer secret would only look stronger than it is. */
    public static final int MAX_SECRET_BYTES = 72;
    public static final int MAX_GRANTS_PER_ROLE = 256;
    public static final int MAX_GRANT_CHARS = 1024;
    public static final int MAX_ROLES_PER_PRINCIPAL = 64;

    private IdentityRules() {
    }

    public static String principalName(String name) {
        return name("principal", name);
    }

    public static String roleName(String name) {
        return name("role", name);
    }

    private static String name(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("'" + printable(name) + "' is not a valid " + what + " name: use 1 to 63 characters "
                    + "of a-z, 0-9, '.', '_' and '-', starting with a letter or a digit");
        }
        return name;
    }

    /** Role names, each valid, without repeats, in the order given. */
    public static List<String> roleNames(List<String> roles) {
        if (roles == null) {
            return List.of();
        }
        if (roles.size() > MAX_ROLES_PER_PRINCIPAL) {
            throw ApiException.badRequest("a principal holds at most " + MAX_ROLES_PER_PRINCIPAL + " roles");
        }
        Set<String> unique = new LinkedHashSet<>();
        roles.forEach(role -> unique.add(roleName(role)));
        return List.copyOf(unique);
    }

    /** Grants in their canonical {@code ACTION:PREFIX} form, without repeats, in the order given. */
    public static List<String> grants(List<String> grants) {
        if (grants == null) {
            throw ApiException.badRequest("a role needs \"grants\": a list of ACTION:PREFIX strings (may be empty)");
        }
        if (grants.size() > MAX_GRANTS_PER_ROLE) {
            throw ApiException.badRequest("a role has at most " + MAX_GRANTS_PER_ROLE + " grants");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String text : grants) {
            if (text != null && text.length() > MAX_GRANT_CHARS) {
                throw ApiException.badRequest("a grant has at most " + MAX_GRANT_CHARS + " characters");
            }
            try {
                unique.add(Grant.parse(text).toString());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad grant: " + e.getMessage());
            }
        }
        return List.copyOf(unique);
    }

    /** A secret a caller chose: long enough to resist guessing, short enough for bcrypt to read it all. */
    public static String secret(String secret) {
        String problem = secretProblem(secret);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return secret;
    }

    /** Why {@code secret} is not acceptable, or null when it is. Never repeats the secret. */
    public static String secretProblem(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_CHARS) {
            return "a secret has at least " + MIN_SECRET_CHARS + " characters";
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            return "a secret has at most " + MAX_SECRET_BYTES + " bytes of UTF-8 (bcrypt reads no further)";
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "a secret must not contain control characters";
        }
        return null;
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
