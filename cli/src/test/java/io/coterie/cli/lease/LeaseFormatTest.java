package io.coterie.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.api.kv.LeaseList;
import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseFormatTest {

    @Test
    void detailsWithAndWithoutKeys() {
        assertThat(LeaseFormat.details(new LeaseView(42, 10, 8500L, null))).isEqualTo("""
                id:        42
                ttl:       10s
                remaining: 8500ms
                """);
        assertThat(LeaseFormat.details(new LeaseView(42, 10, 8500L, List.of("a", "b/c")))).endsWith("""
                keys:
                  a
                  b/c
                """);
        assertThat(LeaseFormat.details(new LeaseView(42, 10, null, List.of()))).contains("remaining: unknown").endsWith("keys: none\n");
    }

    @Test
    void idsOneALine() {
        assertThat(LeaseFormat.ids(new LeaseList(List.of(1L, 22L)))).isEqualTo("1\n22\n");
        assertThat(LeaseFormat.ids(new LeaseList(null))).isEmpty();
    }

    @Test
    void renewalLineAndJson() {
        assertThat(LeaseFormat.renewed(new LeaseView(42, 10, null, null))).isEqualTo("renewed lease 42 for 10s");
        assertThat(Json.write(new LeaseView(42, 10, null, null))).isEqualTo("{\"id\":42,\"ttlSeconds\":10}");
    }

    @Test
    void keepaliveRenewsThreeTimesPerTtlByDefault() {
        assertThat(LeaseKeepalive.defaultInterval(9)).isEqualTo(Duration.ofSeconds(3));
        assertThat(LeaseKeepalive.defaultInterval(0)).isEqualTo(Duration.ofMillis(100));
    }
}
