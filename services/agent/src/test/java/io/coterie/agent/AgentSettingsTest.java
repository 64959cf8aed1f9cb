package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    private static AgentSettings settings(String hostId, String labels, Duration leaseTtl) {
        return new AgentSettings(hostId, null, null, labels, List.of(), null, "coterie", false,
                new AgentSettings.Telemetry(new AgentSettings.Kafka(null)), Duration.ofSeconds(10), leaseTtl,
                Duration.ofSeconds(10), Duration.ofDays(1));
    }

    @Test
    void labelsAreReadFromKeyValuePairsAndTheStateDirFollowsTheHostId() {
        AgentSettings settings = settings("h1", "zone=a, disk = ssd", Duration.ofSeconds(10));

        assertThat(settings.labelMap()).containsExactly(entry("zone", "a"), entry("disk", "ssd"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("var", "agent", "h1"));
        assertThat(settings.leaseRenewEvery()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.publishesTelemetry()).isFalse();
        assertThat(settings(null, "", Duration.ofSeconds(10)).hostId()).as("the machine's name by default").isNotBlank();
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> settings("h1", "zone", Duration.ofSeconds(10)))
                .hasMessageContaining("coterie.agent.labels must be k=v,k=v");
        assertThatThrownBy(() -> settings("../etc", "", Duration.ofSeconds(10)))
                .hasMessageContaining("coterie.agent.host-id");
        assertThatThrownBy(() -> settings("h1", "", Duration.ofMillis(500)))
                .hasMessageContaining("coterie.agent.lease-ttl must be at least 1s");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
