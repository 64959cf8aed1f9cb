package io.coterie.telemetry.client;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format of a telemetry point: a Kafka record on {@link #TOPIC} keyed by the source (UTF-8),
 * whose value is one JSON object in UTF-8. Documented in docs/telemetry.md so that any producer in
 * any language can publish; this class is the one place that writes and checks it.
 *
 * <pre>{"producer":"agent-h1.4kq2","seq":42,"ts":1764456000123,"lc":0,
 *  "source":"robots/r1","metric":"speed","value":3.5,"labels":{"unit":"m/s"}}</pre>
 */
public final class TelemetryWire {

    public static final String TOPIC = "coterie.telemetry";
    public static final String DLQ_TOPIC = "coterie.telemetry.dlq";

    public static final int MAX_RECORD_BYTES = 8 * 1024;
    public static final int MAX_PRODUCER_LENGTH = 128;
    public static final int MAX_SOURCE_LENGTH = 256;
    public static final int MAX_METRIC_LENGTH = 128;
    public static final int MAX_LABELS = 16;
    public static final int MAX_LABEL_KEY_LENGTH = 64;
    public static final int MAX_LABEL_VALUE_LENGTH = 256;
    /** With values at most this large, a stored sum (a rollup) would need 10^108 points to overflow. */
    public static final double MAX_MAGNITUDE = 1e200;

    static final String PRODUCER_PATTERN = "[A-Za-z0-9._:-]+";
    /** Sources read like relative names ({@code robots/r1}): segments of the naming service's characters. */
    static final String SOURCE_PATTERN = "[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*";
    static final String METRIC_PATTERN = "[A-Za-z0-9_][A-Za-z0-9._-]*";
    static final String LABEL_KEY_PATTERN = "[A-Za-z_][A-Za-z0-9._-]*";
    /** The rules as regexes, for the messages and for tests; {@link #check} applies them with hand-written loops. */
    static final Pattern PRODUCER = Pattern.compile(PRODUCER_PATTERN);
    static final Pattern SOURCE = Pattern.compile(SOURCE_PATTERN);
    static final Pattern METRIC = Pattern.compile(METRIC_PATTERN);
    static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_PATTERN);

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private TelemetryWire() {
    }

    /** The record key: points of one source land on one partition, in order. */
    public static byte[] key(String source) {
        return source.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(TelemetryPoint point) {
        check(point);
        ObjectNode json = MAPPER.createObjectNode();
        json.put("producer", point.producer());
        json.put("seq", point.sequence());
        json.put("ts", point.wallMillis());
        json.put("lc", point.logical());
        json.put("source", point.source());
        json.put("metric", point.metric());
        json.put("value", point.value());
        if (!point.labels().isEmpty()) {
            ObjectNode labels = json.putObject("labels");
            point.labels().forEach(labels::put);
        }
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new InvalidPointException("a point takes at most " + MAX_RECORD_BYTES + " bytes; this one takes " + bytes.length);
        }
        return bytes;
    }

    /** Reads a record value as strictly as {@link #encode} writes it. */
    public static TelemetryPoint decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidPointException("the record has no value");
        }
        if (value.length > MAX_RECORD_BYTES) {
            throw new InvalidPointException("a point takes at most " + MAX_RECORD_BYTES + " bytes; this one takes " + value.length);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (JacksonException e) {
            throw new InvalidPointException("the value is not JSON: " + e.getOriginalMessage());
        }
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidPointException("the value is not a JSON object");
        }
        JsonNode lc = object.get("lc");
        if (lc != null && !lc.canConvertToInt()) {
            throw new InvalidPointException("field \"lc\" must be an integer from 0 to 65535");
        }
        TelemetryPoint point = new TelemetryPoint(
                text(object, "producer"), integer(object, "seq"), integer(object, "ts"),
                lc == null ? 0 : lc.intValue(),
                text(object, "source"), text(object, "metric"), number(object, "value"), labels(object.get("labels")));
        check(point);
        return point;
    }

    /** Throws {@link InvalidPointException} naming the first rule {@code point} breaks. */
    public static void check(TelemetryPoint point) {
        matches("producer", point.producer(), PRODUCER, MAX_PRODUCER_LENGTH, TelemetryWire::isProducer);
        matches("source", point.source(), SOURCE, MAX_SOURCE_LENGTH, TelemetryWire::isSource);
        matches("metric", point.metric(), METRIC, MAX_METRIC_LENGTH, TelemetryWire::isMetric);
        if (point.sequence() < 0) {
            throw new InvalidPointException("field \"seq\" must not be negative");
        }
        if (point.wallMillis() < 0) {
            throw new InvalidPointException("field \"ts\" must be milliseconds since the epoch, not negative");
        }
        if (point.logical() < 0 || point.logical() > 0xFFFF) {
            throw new InvalidPointException("field \"lc\" must be an integer from 0 to 65535");
        }
        if (!Double.isFinite(point.value())) {
            throw new InvalidPointException("field \"value\" must be a finite number");
        }
        if (Math.abs(point.value()) > MAX_MAGNITUDE) {
            throw new InvalidPointException("field \"value\" is " + point.value() + "; at most " + MAX_MAGNITUDE
                    + " in magnitude, so that sums of values stay finite");
        }
        if (point.labels().size() > MAX_LABELS) {
            throw new InvalidPointException("a point has at most " + MAX_LABELS + " labels; this one has " + point.labels().size());
        }
        for (Map.Entry<String, String> label : point.labels().entrySet()) {
            matches("label key", label.getKey(), LABEL_KEY, MAX_LABEL_KEY_LENGTH, TelemetryWire::isLabelKey);
            String text = label.getValue();
            if (text.length() > MAX_LABEL_VALUE_LENGTH) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" is longer than " + MAX_LABEL_VALUE_LENGTH + " characters");
            }
            if (text.indexOf('\u0000') >= 0) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" contains U+0000, which is no text");
            }
            if (!wellFormed(text)) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" holds a lone surrogate (\\uD800 to \\uDFFF "
                        + "outside a pair), which is no character");
            }
        }
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code rule} decides what {@code pattern} would (the pattern only names the rule in the message): every point is
     * checked on record and again on ingest, and the regex engine cost more than the rest of the check together.
     */
    private static void matches(String field, String text, Pattern pattern, int maxLength, Predicate<String> rule) {
        if (text == null || text.isEmpty()) {
            throw new InvalidPointException("field \"" + field + "\" is missing");
        }
        if (text.length() > maxLength) {
            throw new InvalidPointException("field \"" + field + "\" is longer than " + maxLength + " characters");
        }
        if (!rule.test(text)) {
            throw new InvalidPointException("field \"" + field + "\" must match " + pattern.pattern() + ": \"" + text + "\"");
        }
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@code [A-Za-z0-9._-]}: what may follow the first character of a source segment, a metric or a label key. */
    private static boolean isNameChar(char c) {
        return isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }

    /** {@value #PRODUCER_PATTERN} on a non-empty text. */
    static boolean isProducer(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isNameChar(c) && c != ':') {
                return false;
            }
        }
        return true;
    }

    /** {@value #SOURCE_PATTERN} on a non-empty text. */
    static boolean isSource(String text) {
        boolean segmentStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (segmentStart) {
                if (!isLetterOrDigit(c) && c != '_' && c != '-') {
                    return false;
                }
                segmentStart = false;
            } else if (c == '/') {
                segmentStart = true;
            } else if (!isNameChar(c)) {
                return false;
            }
        }
        return !segmentStart;
    }

    /** {@value #METRIC_PATTERN} on a non-empty text. */
    static boolean isMetric(String text) {
        char first = text.charAt(0);
        return (isLetterOrDigit(first) || first == '_') && restAreNameChars(text);
    }

    /** {@value #LABEL_KEY_PATTERN} on a non-empty text. */
    static boolean isLabelKey(String text) {
        char first = text.charAt(0);
        return ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_') && restAreNameChars(text);
    }

    private static boolean restAreNameChars(String text) {
        for (int i = 1; i < text.length(); i++) {
            if (!isNameChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String text(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidPointException("field \"" + field + "\" is missing");
        }
        if (!node.isString()) {
            throw new InvalidPointException("field \"" + field + "\" must be a string");
        }
        return node.asString();
    }

    private static long integer(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidPointException("field \"" + field + "\" is missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidPointException("field \"" + field + "\" must be an integer");
        }
        return node.longValue();
    }

    private static double number(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidPointException("field \"" + field + "\" is missing");
        }
        if (!node.isNumber()) {
            throw new InvalidPointException("field \"" + field + "\" must be a number");
        }
        return node.doubleValue();
    }

    private static Map<String, String> labels(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidPointException("field \"labels\" must be an object of strings");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!label.getValue().isString()) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" must be a string");
            }
            labels.put(label.getKey(), label.getValue().asString());
        }
        return labels;
    }
}
