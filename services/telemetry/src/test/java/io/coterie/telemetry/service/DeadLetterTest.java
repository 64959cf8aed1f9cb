package io.coterie.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.telemetry.service.ingest.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be stored, interleaved with good ones: each bad one reaches the dead-letter
 * topic as it was sent (key, value, headers) with the reason and its origin in headers, and every
 * good one, before and after them, is stored. A bad record never stops the stream.
 */
class DeadLetterTest extends TelemetryServiceTest {

    private static final String CASE = "test-case";

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheGoodOnesAreStored() {
        String source = uniqueSource("dlq");
        Instant now = Instant.now();
        Map<String, byte[]> bad = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        bad.put("not JSON", utf8("{\"producer\": \"p1\", \"seq\": "));
        reasons.put("not JSON", "the value is not JSON");
        bad.put("missing metric", json("\"producer\":\"p1\",\"seq\":1,\"ts\":" + now.toEpochMilli() + ",\"source\":\"" + source
                + "\",\"value\":1"));
        reasons.put("missing metric", "field \"metric\" is missing");
        bad.put("value not a number", json("\"producer\":\"p1\",\"seq\":2,\"ts\":" + now.toEpochMilli() + ",\"source\":\"" + source
                + "\",\"metric\":\"speed\",\"value\":\"fast\""));
        reasons.put("value not a number", "field \"value\" must be a number");
        bad.put("older than the retention", TelemetryWire.encode(TestPoints.point("p1", 3, now.minus(Duration.ofDays(8)), source,
                "speed", 1)));
        reasons.put("older than the retention", "older than the retention");
        bad.put("far in the future", TelemetryWire.encode(TestPoints.point("p1", 4, now.plus(Duration.ofHours(1)), source,
                "speed", 1)));
        reasons.put("far in the future", "ahead of the service's clock");
        bad.put("year 5000", TelemetryWire.encode(TestPoints.point("p1", 5, Instant.parse("5000-01-01T00:00:00Z"), source,
                "speed", 1)));
        reasons.put("year 5000", "ahead of the service's clock");
        bad.put("empty", new byte[0]);
        reasons.put("empty", "the record has no value");
        // Written by hand: the Java client refuses to encode these, but any other producer may send them.
        bad.put("NUL in a label", json("\"producer\":\"p1\",\"seq\":6,\"ts\":" + now.toEpochMilli() + ",\"source\":\""
                + source + "\",\"metric\":\"speed\",\"value\":1,\"labels\":{\"note\":\"a\\u0000b\"}"));
        reasons.put("NUL in a label", "U+0000");
        bad.put("lone surrogate in a label", json("\"producer\":\"p1\",\"seq\":7,\"ts\":" + now.toEpochMilli() + ",\"source\":\""
                + source + "\",\"metric\":\"speed\",\"value\":1,\"labels\":{\"note\":\"a\\ud800b\"}"));
        reasons.put("lone surrogate in a label", "lone surrogate");
        bad.put("a value whose sums would overflow", json("\"producer\":\"p1\",\"seq\":8,\"ts\":" + now.toEpochMilli()
                + ",\"source\":\"" + source + "\",\"metric\":\"speed\",\"value\":1e300"));
        reasons.put("a value whose sums would overflow", "so that sums of values stay finite");

        List<TelemetryPoint> good = new ArrayList<>();
        Map<String, RecordMetadata> sentBad = new LinkedHashMap<>();
        int seq = 100;
        for (Map.Entry<String, byte[]> letter : bad.entrySet()) {
            good.add(sendGood(source, seq++, now));
            Future<RecordMetadata> sent = points().sendRaw(source, letter.getValue(),
                    List.of(new RecordHeader(CASE, utf8(letter.getKey())), new RecordHeader("trace", utf8("t-" + seq))));
            sentBad.put(letter.getKey(), TestPoints.acked(sent));
        }
        good.add(sendGood(source, seq++, now));
        TelemetryPoint emoji = new TelemetryPoint("p1", seq, now.toEpochMilli(), 0, source, "speed", -1e200, Map.of("mood", "\uD83D\uDE00"));
        points().send(emoji);
        good.add(emoji);
        points().flush();

        Map<String, ConsumerRecord<byte[], byte[]>> letters = readDeadLetters(sentBad.keySet().size(), sentBad.keySet());
        for (Map.Entry<String, RecordMetadata> sent : sentBad.entrySet()) {
            ConsumerRecord<byte[], byte[]> letter = letters.get(sent.getKey());
            String what = sent.getKey();
            assertThat(header(letter, DeadLetters.REASON)).as(what).contains(reasons.get(what));
            assertThat(header(letter, DeadLetters.ORIGINAL_TOPIC)).as(what).isEqualTo(TelemetryWire.TOPIC);
            assertThat(header(letter, DeadLetters.ORIGINAL_PARTITION)).as(what).isEqualTo(Integer.toString(sent.getValue().partition()));
            assertThat(header(letter, DeadLetters.ORIGINAL_OFFSET)).as(what).isEqualTo(Long.toString(sent.getValue().offset()));
            assertThat(letter.value()).as(what).isEqualTo(bad.get(what));
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).as(what).isEqualTo(source);
            assertThat(header(letter, "trace")).as("the original headers travel along: " + what).startsWith("t-");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> storedPoints(source) == good.size());
        List<Long> stored = db.sql("select seq from telemetry_points where source = ? order by seq").param(source)
                .query(Long.class).list();
        assertThat(stored).containsExactlyElementsOf(good.stream().map(TelemetryPoint::sequence).toList());
        assertThat(db.sql("select labels->>'mood' from telemetry_points where source = ? and seq = ?").params(source, emoji.sequence())
                .query(String.class).single()).isEqualTo("\uD83D\uDE00");
    }

    private static TelemetryPoint sendGood(String source, long seq, Instant now) {
        TelemetryPoint point = TestPoints.point("p1", seq, now, source, "speed", seq);
        points().send(point);
        return point;
    }

    /** Reads the dead-letter topic from the start until it has seen every named case. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected, java.util.Set<String> cases) {
        Map<String, ConsumerRecord<byte[], byte[]>> found = new ConcurrentHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TelemetryWire.DLQ_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String name = header(record, CASE);
                    if (name != null && cases.contains(name)) {
                        found.put(name, record);
                    }
                }
                return found.size() == expected;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] json(String fields) {
        return utf8("{" + fields + "}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
