package io.coterie.cli.kv;

import io.coterie.api.kv.KeyValueView;
import io.coterie.api.kv.WatchEventView;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The text forms of keys, listings and watch events. */
public final class KvFormat {

    static final int LISTED_VALUE_WIDTH = 60;

    private KvFormat() {
    }

    /** The value's bytes, exactly as stored. */
    public static byte[] rawValue(KeyValueView kv) {
        if (kv.value() != null) {
            return kv.value().getBytes(StandardCharsets.UTF_8);
        }
        return kv.valueBase64() == null ? new byte[0] : Base64.getDecoder().decode(kv.valueBase64());
    }

    /** {@code KEY  MOD_REV  VALUE}, one key a line, each value cut to one short line. */
    public static String listing(List<KeyValueView> items) {
        if (items.isEmpty()) {
            return "";
        }
        TextTable table = new TextTable("KEY", "MOD_REV", "VALUE");
        for (KeyValueView kv : items) {
            table.row(kv.key(), kv.modRevision(), shortValue(kv.value(), kv.valueBase64()));
        }
        return table.render();
    }

    public static String keys(List<KeyValueView> items) {
        StringBuilder text = new StringBuilder();
        items.forEach(kv -> text.append(kv.key()).append('\n'));
        return text.toString();
    }

    /** {@code PUT key=value rev=N} or {@code DELETE key rev=N}. */
    public static String watchLine(WatchEventView event) {
        if ("delete".equalsIgnoreCase(event.type())) {
            return "DELETE " + event.key() + " rev=" + event.revision();
        }
        String value = event.value() != null
                ? escape(event.value())
                : "<" + binaryLength(event.valueBase64()) + " bytes, base64 " + event.valueBase64() + ">";
        return event.type().toUpperCase() + " " + event.key() + "=" + value + " rev=" + event.revision();
    }

    public static String watchJson(WatchEventView event) {
        return Json.write(event);
    }

    static String shortValue(String value, String valueBase64) {
        if (value == null) {
            return valueBase64 == null ? "" : "<" + binaryLength(valueBase64) + " bytes of binary>";
        }
        String line = escape(value);
        if (line.codePointCount(0, line.length()) <= LISTED_VALUE_WIDTH) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, LISTED_VALUE_WIDTH - 1)) + "…";
    }

    /** Control characters as escapes, so one value stays on one line. */
    static String escape(String value) {
        StringBuilder text = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        text.append(String.format("\\x%02x", c));
                    } else {
                        text.appendCodePoint(c);
                    }
                }
            }
        });
        return text.toString();
    }

    private static int binaryLength(String base64) {
        return base64 == null ? 0 : Base64.getDecoder().decode(base64).length;
    }
}
