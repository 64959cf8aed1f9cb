package io.coterie.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final SseParser parser = new SseParser();

    private List<SseEvent> feed(String stream) {
        List<SseEvent> events = new ArrayList<>();
        for (String line : stream.split("\n", -1)) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void readsEventsWithAndWithoutIds() {
        List<SseEvent> events = feed("event: put\ndata: {\"a\":1}\n\nevent: put\nid: 7\ndata: {\"b\":2}\n\n");

        assertThat(events).containsExactly(new SseEvent("put", "{\"a\":1}", null), new SseEvent("put", "{\"b\":2}", "7"));
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void theLastIdSurvivesEventsThatCarryNone() {
        List<SseEvent> events = feed("id: 3\ndata: x\n\ndata: y\n\n");

        assertThat(events.get(1).id()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("3");
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(feed("data: first\ndata:second\ndata:  third\n\n"))
                .containsExactly(new SseEvent("message", "first\nsecond\n third", null));
    }

    @Test
    void skipsCommentsAndUnknownFields() {
        assertThat(feed(": keep-alive\n\nfoo: bar\n: hi\ndata: x\n\n"))
                .containsExactly(new SseEvent("message", "x", null));
    }

    @Test
    void anEventWithoutDataIsDroppedButItsIdCounts() {
        assertThat(feed("event: put\nid: 9\n\n")).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("9");
        assertThat(feed("data: z\n\n")).containsExactly(new SseEvent("message", "z", null));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() {
        assertThat(feed("data\ndata\n\n")).containsExactly(new SseEvent("message", "\n", null));
    }

    @Test
    void anUnfinishedEventAtTheEndIsNotDelivered() {
        assertThat(feed("data: complete\n\ndata: cut off")).containsExactly(new SseEvent("message", "complete", null));
    }

    @Test
    void readsRetryAndIgnoresABom() {
        assertThat(feed("\uFEFFretry: 2500\ndata: a\n\n")).containsExactly(new SseEvent("message", "a", null));
        assertThat(parser.retryMillis()).contains(2500L);
    }

    @Test
    void anEmptyIdResetsTheLastId() {
        feed("id: 4\ndata: a\n\nid\ndata: b\n\n");
        assertThat(parser.lastEventId()).isEmpty();
    }
}
