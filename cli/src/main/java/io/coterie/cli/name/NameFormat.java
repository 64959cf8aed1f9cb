package io.coterie.cli.name;

import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/** The text forms of naming entries: one-entry summaries, listings and watch lines. */
final class NameFormat {

    static final int SUMMARY_WIDTH = 60;

    private NameFormat() {
    }

    /** A few words on what an entry points at: its instances, its link target, or its file's size and hash. */
    static String summary(JsonNode entry) {
        String kind = String.valueOf(Nodes.text(entry, "kind"));
        String text = switch (kind) {
            case "service" -> addresses(entry);
            case "link" -> "-> " + Nodes.text(entry, "target");
            case "file" -> (Nodes.text(entry, "size") == null ? "" : Nodes.text(entry, "size") + " bytes, ")
                    + "sha256 " + shortHash(Nodes.text(entry, "sha256"));
            default -> "";
        };
        return text.codePointCount(0, text.length()) <= SUMMARY_WIDTH
                ? text : text.substring(0, text.offsetByCodePoints(0, SUMMARY_WIDTH - 1)) + "…";
    }

    /** {@code name: value} lines for one entry (members it lacks are left out), then its instances for a service. */
    static String details(JsonNode entry) {
        String kind = Nodes.text(entry, "kind");
        List<Object> fields = new ArrayList<>();
        add(fields, "path", Nodes.text(entry, "path"));
        add(fields, "kind", kind);
        if ("link".equals(kind)) {
            add(fields, "target", Nodes.text(entry, "target"));
        } else if ("file".equals(kind)) {
            add(fields, "size", Nodes.text(entry, "size") == null ? null : Nodes.text(entry, "size") + " bytes");
            add(fields, "sha256", Nodes.text(entry, "sha256"));
            add(fields, "contentType", Nodes.text(entry, "contentType"));
        }
        add(fields, "metadata", Nodes.pairs(entry, "metadata"));
        add(fields, "session", Nodes.text(entry, "session"));
        add(fields, "revision", Nodes.text(entry, "revision"));
        add(fields, "createRevision", Nodes.text(entry, "createRevision"));
        String text = TextTable.fields(fields.toArray());
        return "service".equals(kind) ? text + instances(entry) : text;
    }

    /** {@code PATH  KIND  REVISION  SUMMARY}, one entry a line. */
    static String listing(List<JsonNode> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        TextTable table = new TextTable("PATH", "KIND", "REVISION", "SUMMARY");
        for (JsonNode entry : entries) {
            table.row(Nodes.text(entry, "path"), Nodes.text(entry, "kind"), Nodes.text(entry, "revision"), summary(entry));
        }
        return table.render();
    }

    /** {@code BIND /path kind summary rev=N} or {@code UNBIND /path rev=N}. */
    static String watchLine(String type, String path, JsonNode entry, long revision) {
        if ("unbind".equalsIgnoreCase(type)) {
            return "UNBIND " + path + " rev=" + revision;
        }
        String summary = summary(entry);
        String kind = Nodes.text(entry, "kind");
        return type.toUpperCase(Locale.ROOT) + " " + path + (kind == null ? "" : " " + kind) + (summary.isEmpty() ? "" : " " + summary)
                + " rev=" + revision;
    }

    private static String instances(JsonNode entry) {
        List<JsonNode> instances = Nodes.array(entry, "instances");
        if (instances.isEmpty()) {
            return "instances: none\n";
        }
        TextTable table = new TextTable("ID", "ADDRESS", "HEALTH");
        for (JsonNode instance : instances) {
            table.row(Nodes.text(instance, "id"), address(instance), Nodes.text(instance, "health"));
        }
        StringBuilder text = new StringBuilder("instances:\n");
        table.render().lines().forEach(line -> text.append("  ").append(line).append('\n'));
        return text.toString();
    }

    private static String addresses(JsonNode entry) {
        StringJoiner text = new StringJoiner(",");
        Nodes.array(entry, "instances").forEach(instance -> text.add(address(instance)));
        return text.toString();
    }

    private static String address(JsonNode instance) {
        return ServiceAddresses.format(Nodes.text(instance, "address"), Nodes.text(instance, "port"));
    }

    private static String shortHash(String sha256) {
        return sha256 == null ? "unknown" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    private static void add(List<Object> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(name);
            fields.add(value);
        }
    }
}
