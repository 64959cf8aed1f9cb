package io.coterie.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.telemetry.client.Measurement;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryPublisherTest {

    @Test
    void a_reading_is_a_speed_and_a_position_point_of_the_robots_source_that_the_wire_accepts() {
        List<Measurement> measurements = TelemetryPublisher.measurements("robots/r1", new Robot.Reading(3, 12.5));

        assertThat(measurements).extracting(Measurement::metric).containsExactly("speed", "position");
        assertThat(measurements).extracting(Measurement::value).containsExactly(3.0, 12.5);
        assertThat(measurements).allSatisfy(m -> {
            assertThat(m.source()).isEqualTo("robots/r1");
            TelemetryWire.check(new TelemetryPoint("robot-r1.abc", 0, 1, 0, m.source(), m.metric(), m.value(), m.labels()));
        });
    }
}
