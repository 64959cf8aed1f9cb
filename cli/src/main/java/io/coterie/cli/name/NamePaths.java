package io.coterie.cli.name;

import io.coterie.cli.core.CliException;
import io.coterie.cli.core.UrlEncoding;

/**
 * Where a name lives in the API. Names are absolute paths ({@code /apps/web}); each segment goes
 * into the URL percent-encoded, so {@code /v1/names/apps/web}. Only the shape is checked here
 * (absolute, no empty, {@code .} or {@code ..} segment); the naming service judges the characters and lengths and names
 * the rule it applied.
 */
public final class NamePaths {

    static final String NAMES = "/v1/names";

    private NamePaths() {
    }

    /** The URL path of {@code name}; an ill-shaped name fails before any request. */
    public static String of(String name) {
        return NAMES + UrlEncoding.encodePath(check(name));
    }

    /** {@code name} itself, once it is an absolute path of non-empty segments. */
    public static String check(String name) {
        if (!name.startsWith("/")) {
            throw invalid(name, "a name is an absolute path such as /apps/web");
        }
        if (name.length() == 1) {
            throw invalid(name, "a name needs at least one segment after the /");
        }
        if (name.endsWith("/") || name.contains("//")) {
            throw invalid(name, "a name has no empty segments (no // and no trailing /)");
        }
        // A URL cannot carry these segments as names: every HTTP layer would resolve them first.
        if (("/" + name + "/").contains("/./") || ("/" + name + "/").contains("/../")) {
            throw invalid(name, "a segment may not be . or ..");
        }
        return name;
    }

    /** A listing or watch prefix: absolute, no empty segment but a trailing one ({@code /apps/}; {@code /} is everything). */
    public static String checkPrefix(String prefix) {
        if (!prefix.startsWith("/")) {
            throw new CliException("invalid prefix '" + prefix + "': a name prefix starts with / (/ alone is every name)");
        }
        if (prefix.contains("//")) {
            throw new CliException("invalid prefix '" + prefix + "': a name prefix has no empty segments");
        }
        return prefix;
    }

    private static CliException invalid(String name, String rule) {
        return new CliException("invalid name '" + name + "': " + rule);
    }
}
