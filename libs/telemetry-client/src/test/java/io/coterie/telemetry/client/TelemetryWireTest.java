package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryWireTest {

    private static final TelemetryPoint POINT = new TelemetryPoint("agent-h1.4kq2", 42, 1764456000123L, 3,
            "robots/r1", "speed", 3.5, Map.of("unit", "m/s", "site", "lab-2"));

    @Test
    void aPointSurvivesTheRoundTrip() {
        assertThat(TelemetryWire.decode(TelemetryWire.encode(POINT))).isEqualTo(POINT);
    }

    @Test
    void aPointWithoutLabelsSurvivesTheRoundTripAndOmitsThem() {
        TelemetryPoint bare = new TelemetryPoint("p.1", 0, 0, 0, "h1", "load.1m", -0.25, null);

        byte[] encoded = TelemetryWire.encode(bare);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).doesNotContain("labels");
        assertThat(TelemetryWire.decode(encoded)).isEqualTo(bare);
    }

    @Test
    void theWireFormIsTheDocumentedJson() {
        assertThat(new String(TelemetryWire.encode(POINT), StandardCharsets.UTF_8))
                .startsWith("{\"producer\":\"agent-h1.4kq2\",\"seq\":42,\"ts\":1764456000123,\"lc\":3,\"source\":\"robots/r1\","
                        + "\"metric\":\"speed\",\"value\":3.5,\"labels\":{");
        assertThat(TelemetryWire.key("robots/r1")).isEqualTo("robots/r1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPointWrittenByAnotherLanguageIsRead() {
        String json = "{\"labels\":{\"unit\":\"C\"},\"value\":21,\"metric\":\"temp\",\"source\":\"rooms/a\",\"ts\":5,\"seq\":7,\"producer\":\"py.x\"}";

        TelemetryPoint point = decode(json);

        assertThat(point).isEqualTo(new TelemetryPoint("py.x", 7, 5, 0, "rooms/a", "temp", 21.0, Map.of("unit", "C")));
    }

    @Test
    void badJsonIsRefused() {
        assertRefused("{\"producer\":", "not JSON");
        assertRefused("NaN", "not JSON");
        assertRefused("[1,2]", "not a JSON object");
        assertThatThrownBy(() -> TelemetryWire.decode(new byte[0])).isInstanceOf(InvalidPointException.class).hasMessageContaining("no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"producer", "seq", "ts", "source", "metric", "value"})
    void aMissingFieldIsNamed(String field) {
        assertRefused(json(field, null), "field \"" + field + "\" is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "producer | 12           | field \"producer\" must be a string",
            "seq      | \"1\"        | field \"seq\" must be an integer",
            "seq      | 1.5          | field \"seq\" must be an integer",
            "ts       | true         | field \"ts\" must be an integer",
            "lc       | \"0\"        | field \"lc\" must be an integer from 0 to 65535",
            "lc       | 70000        | field \"lc\" must be an integer from 0 to 65535",
            "source   | [\"a\"]      | field \"source\" must be a string",
            "metric   | {}           | field \"metric\" must be a string",
            "value    | \"3.5\"      | field \"value\" must be a number",
            "labels   | [\"a\"]      | field \"labels\" must be an object of strings",
            "labels   | {\"a\":1}    | label \"a\" must be a string",
    })
    void aFieldOfTheWrongTypeIsNamed(String field, String value, String rule) {
        assertRefused(json(field, value), rule);
    }

    @Test
    void aValueMustBeFinite() {
        assertRefused(json("value", "1e400"), "field \"value\" must be a finite number");
        assertThatThrownBy(() -> TelemetryWire.encode(withValue(Double.NaN)))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("must be a finite number");
        assertThatThrownBy(() -> TelemetryWire.encode(withValue(Double.NEGATIVE_INFINITY)))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("must be a finite number");
    }

    @Test
    void aValueBeyondTheMagnitudeLimitIsRefusedSoThatSumsStayFinite() {
        assertRefused(json("value", "-1e201"), "at most 1.0E200 in magnitude");
        assertThat(decode(json("value", "1e200")).value()).isEqualTo(1e200);
    }

    @Test
    void labelsMustBeText() {
        assertRefused(json("labels", "{\"unit\":\"a\\u0000b\"}"), "label \"unit\" contains U+0000");
        assertRefused(json("labels", "{\"unit\":\"\\ud800\"}"), "label \"unit\" holds a lone surrogate");
        assertThat(decode(json("labels", "{\"unit\":\"\\ud83d\\ude00\"}")).labels()).containsEntry("unit", "\ud83d\ude00");
    }

    @Test
    void negativeNumbersAreRefused() {
        assertRefused(json("seq", "-1"), "field \"seq\" must not be negative");
        assertRefused(json("ts", "-1"), "field \"ts\" must be milliseconds since the epoch, not negative");
    }

    @Test
    void atMostSixteenLabels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < TelemetryWire.MAX_LABELS + 1; i++) {
            labels.put("k" + i, "v");
        }
        assertThatThrownBy(() -> TelemetryWire.encode(withLabels(labels)))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("at most 16 labels; this one has 17");
        labels.remove("k0");
        assertThat(TelemetryWire.decode(TelemetryWire.encode(withLabels(labels))).labels()).hasSize(16);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "source | robots r1  | field \"source\" must match",
            "source | /robots/r1 | field \"source\" must match",
            "source | robots//r1 | field \"source\" must match",
            "source | robots/    | field \"source\" must match",
            "source | .hidden    | field \"source\" must match",
            "metric | speed!     | field \"metric\" must match",
            "metric | -speed     | field \"metric\" must match",
            "metric | a/b        | field \"metric\" must match",
            "producer | a b      | field \"producer\" must match",
    })
    void badCharactersAreNamed(String field, String text, String rule) {
        assertRefused(json(field, "\"" + text + "\""), rule);
    }

    @Test
    void badLabelKeysAndLongLabelValuesAreNamed() {
        assertThatThrownBy(() -> TelemetryWire.encode(withLabels(Map.of("1st", "x"))))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("field \"label key\" must match");
        assertThatThrownBy(() -> TelemetryWire.encode(withLabels(Map.of("k", "x".repeat(257)))))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("label \"k\" is longer than 256 characters");
    }

    @Test
    void fieldsLongerThanTheirLimitAreNamed() {
        assertRefused(json("source", "\"" + "s".repeat(257) + "\""), "field \"source\" is longer than 256 characters");
        assertRefused(json("metric", "\"" + "m".repeat(129) + "\""), "field \"metric\" is longer than 128 characters");
        assertRefused(json("producer", "\"" + "p".repeat(129) + "\""), "field \"producer\" is longer than 128 characters");
    }

    @Test
    void aPointLargerThanEightKibibytesIsRefused() {
        // Every field within its limit, but control characters take six bytes each once escaped in JSON.
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < TelemetryWire.MAX_LABELS; i++) {
            labels.put("k" + i, "\u0001".repeat(TelemetryWire.MAX_LABEL_VALUE_LENGTH));
        }
        assertThatThrownBy(() -> TelemetryWire.encode(withLabels(labels)))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("a point takes at most 8192 bytes");

        byte[] large = new byte[TelemetryWire.MAX_RECORD_BYTES + 1];
        assertThatThrownBy(() -> TelemetryWire.decode(large))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("a point takes at most 8192 bytes; this one takes 8193");
    }

    private static TelemetryPoint withValue(double value) {
        return new TelemetryPoint(POINT.producer(), 1, 1, 0, POINT.source(), POINT.metric(), value, Map.of());
    }

    private static TelemetryPoint withLabels(Map<String, String> labels) {
        return new TelemetryPoint(POINT.producer(), 1, 1, 0, POINT.source(), POINT.metric(), 1, labels);
    }

    /** A valid point's JSON with {@code field} replaced by {@code value} (raw JSON), or left out if value is null. */
    private static String json(String field, String value) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("producer", "\"agent.x\"");
        fields.put("seq", "1");
        fields.put("ts", "1764456000123");
        fields.put("lc", "0");
        fields.put("source", "\"robots/r1\"");
        fields.put("metric", "\"speed\"");
        fields.put("value", "3.5");
        fields.put("labels", "{\"unit\":\"m/s\"}");
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, raw) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(raw));
        return json.append('}').toString();
    }

    private static TelemetryPoint decode(String json) {
        return TelemetryWire.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The hand-written checks decide exactly what the documented regexes decide, on short texts over the edge characters. */
    @Test
    void theNameChecksAgreeWithTheirPatterns() {
        char[] alphabet = "aZ09._:-/ \u00e9~".toCharArray();
        java.util.Random random = new java.util.Random(5);
        for (int n = 0; n < 200_000; n++) {
            char[] text = new char[1 + random.nextInt(6)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(text);
            assertThat(TelemetryWire.isProducer(s)).as("producer %s", s).isEqualTo(TelemetryWire.PRODUCER.matcher(s).matches());
            assertThat(TelemetryWire.isSource(s)).as("source %s", s).isEqualTo(TelemetryWire.SOURCE.matcher(s).matches());
            assertThat(TelemetryWire.isMetric(s)).as("metric %s", s).isEqualTo(TelemetryWire.METRIC.matcher(s).matches());
            assertThat(TelemetryWire.isLabelKey(s)).as("label key %s", s).isEqualTo(TelemetryWire.LABEL_KEY.matcher(s).matches());
        }
    }

    private static void assertRefused(String json, String rule) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(InvalidPointException.class).hasMessageContaining(rule);
    }
}
