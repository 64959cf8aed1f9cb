package io.coterie.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.api.kv.KeyValueView;
import io.coterie.api.kv.WatchEventView;
import io.coterie.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvFormatTest {

    private static KeyValueView kv(String key, String value, long modRevision) {
        return new KeyValueView(key, value, null, 20, modRevision, 3, 2, null);
    }

    @Test
    void listsKeysModRevisionsAndOneLineValuesInColumns() {
        String text = KvFormat.listing(List.of(kv("a", "1", 5), kv("config/db", "line1\nline2", 12)));

        assertThat(text).isEqualTo("""
                KEY        MOD_REV  VALUE
                a          5        1
                config/db  12       line1\\nline2
                """);
    }

    @Test
    void cutsLongValuesAndDescribesBinaryOnes() {
        String longValue = "x".repeat(100);
        KeyValueView binary = new KeyValueView("b", null, Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 1}),
                1, 1, 1, 1, null);

        String text = KvFormat.listing(List.of(kv("a", longValue, 1), binary));

        assertThat(text).contains("x".repeat(59) + "…\n").doesNotContain("x".repeat(60));
        assertThat(text).contains("<3 bytes of binary>");
    }

    @Test
    void anEmptyListingPrintsNothing() {
        assertThat(KvFormat.listing(List.of())).isEmpty();
        assertThat(KvFormat.keys(List.of())).isEmpty();
    }

    @Test
    void keysOnlyPrintsOneKeyALine() {
        assertThat(KvFormat.keys(List.of(kv("a", null, 1), kv("b/c", null, 2)))).isEqualTo("a\nb/c\n");
    }

    @Test
    void rawValuesComeBackByteForByte() {
        byte[] bytes = {0, (byte) 0xfe, 65};
        assertThat(KvFormat.rawValue(new KeyValueView("k", null, Base64.getEncoder().encodeToString(bytes), 1, 1, 1, 1, null)))
                .isEqualTo(bytes);
        assertThat(KvFormat.rawValue(kv("k", "héllo", 1))).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void watchLinesForPutsAndDeletes() {
        assertThat(KvFormat.watchLine(new WatchEventView("put", "a/b", "v 1", null, 7, 7L, 1L, null)))
                .isEqualTo("PUT a/b=v 1 rev=7");
        assertThat(KvFormat.watchLine(new WatchEventView("put", "a", "x\ny", null, 8, 7L, 2L, null)))
                .isEqualTo("PUT a=x\\ny rev=8");
        assertThat(KvFormat.watchLine(new WatchEventView("delete", "a/b", null, null, 9, null, null, null)))
                .isEqualTo("DELETE a/b rev=9");
    }

    @Test
    void watchJsonIsOneCompactObjectWithoutAbsentMembers() {
        String line = KvFormat.watchJson(new WatchEventView("delete", "a", null, null, 9, null, null, null));

        assertThat(line).isEqualTo("{\"type\":\"delete\",\"key\":\"a\",\"revision\":9}");
    }

    @Test
    void keyValueJsonHasTheServersMembersAndLeavesOutAbsentOnes() {
        String json = Json.write(new KeyValueView("k", "v", null, 10, 9, 3, 2, null));

        assertThat(json).isEqualTo("{\"key\":\"k\",\"value\":\"v\",\"revision\":10,\"modRevision\":9,"
                + "\"createRevision\":3,\"version\":2}");
        assertThat(Json.write(new KeyValueView("k", "v", null, 10, 9, 3, 2, 77L))).endsWith(",\"lease\":77}");
    }
}
