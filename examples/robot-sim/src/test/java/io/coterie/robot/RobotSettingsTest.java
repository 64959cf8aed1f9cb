package io.coterie.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RobotSettingsTest {

    private static final Path TMP = Path.of("/tmp");

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("COTERIE_TOKEN", "t");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaults() {
        RobotSettings settings = RobotSettings.from(env(), TMP);

        assertThat(settings.id()).isEqualTo("r1");
        assertThat(settings.name()).isEqualTo("/robots/r1");
        assertThat(settings.telemetrySource()).isEqualTo("robots/r1");
        assertThat(settings.gateway()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(settings.kafka()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.telemetryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.actuationDelay()).isZero();
        assertThat(settings.port()).isZero();
        assertThat(settings.advertise()).isEqualTo("127.0.0.1");
        assertThat(settings.spoolDirectory()).isEqualTo(TMP.resolve("robot-spool-r1"));
        assertThat(settings.instanceId()).isNull();
    }

    @Test
    void a_replica_spools_per_allocation_so_a_copy_placed_anew_on_the_same_machine_does_not_meet_the_old_one() {
        RobotSettings first = RobotSettings.from(env("COTERIE_INDEX", "1", "COTERIE_ALLOC_ID", "robots.1.2"), TMP);
        RobotSettings moved = RobotSettings.from(env("COTERIE_INDEX", "1", "COTERIE_ALLOC_ID", "robots.1.4"), TMP);

        assertThat(first.spoolDirectory()).isEqualTo(TMP.resolve("robot-spool-r1-robots.1.2"));
        assertThat(moved.spoolDirectory()).isNotEqualTo(first.spoolDirectory());
    }

    @Test
    void a_replica_of_a_job_is_named_after_its_index() {
        assertThat(RobotSettings.from(env("COTERIE_INDEX", "3"), TMP).id()).isEqualTo("r3");
        assertThat(RobotSettings.from(env("COTERIE_INDEX", "3", "ROBOT_ID", "arm-7"), TMP).id()).isEqualTo("arm-7");
    }

    @Test
    void every_setting_can_be_given() {
        RobotSettings settings = RobotSettings.from(env("ROBOT_ID", "x", "COTERIE_ADDR", "http://10.0.0.1:9000",
                "COTERIE_KAFKA", "k:1", "ROBOT_TELEMETRY_INTERVAL_MS", "0", "ROBOT_ACTUATION_DELAY_MS", "1500",
                "ROBOT_PORT", "7001", "ROBOT_ADVERTISE", "10.0.0.2", "ROBOT_SPOOL_DIR", "/var/spool/x",
                "COTERIE_ALLOC_ID", "a-1"), TMP);

        assertThat(settings).isEqualTo(new RobotSettings("x", URI.create("http://10.0.0.1:9000"), "t", "k:1", Duration.ZERO,
                Duration.ofMillis(1500), 7001, "10.0.0.2", Path.of("/var/spool/x"), "a-1"));
    }

    @Test
    void bad_settings_are_named() {
        assertThatThrownBy(() -> RobotSettings.from(Map.of(), TMP)).hasMessageContaining("COTERIE_TOKEN");
        assertThatThrownBy(() -> RobotSettings.from(env("ROBOT_ID", "r/1"), TMP)).hasMessageContaining("ROBOT_ID");
        assertThatThrownBy(() -> RobotSettings.from(env("ROBOT_ID", ".r"), TMP)).hasMessageContaining("ROBOT_ID");
        assertThatThrownBy(() -> RobotSettings.from(env("ROBOT_PORT", "70000"), TMP)).hasMessageContaining("ROBOT_PORT");
        assertThatThrownBy(() -> RobotSettings.from(env("ROBOT_TELEMETRY_INTERVAL_MS", "-1"), TMP))
                .hasMessageContaining("ROBOT_TELEMETRY_INTERVAL_MS");
        assertThatThrownBy(() -> RobotSettings.from(env("ROBOT_ACTUATION_DELAY_MS", "soon"), TMP))
                .hasMessageContaining("ROBOT_ACTUATION_DELAY_MS");
        assertThatThrownBy(() -> RobotSettings.from(env("COTERIE_ADDR", "not a url"), TMP)).hasMessageContaining("COTERIE_ADDR");
        assertThatThrownBy(() -> RobotSettings.from(env("COTERIE_ADDR", "127.0.0.1:8080"), TMP)).hasMessageContaining("COTERIE_ADDR");
    }
}
