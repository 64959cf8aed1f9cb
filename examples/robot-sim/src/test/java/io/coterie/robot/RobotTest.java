package io.coterie.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RobotTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final Robot robot = new Robot(nanos::get);

    private void pass(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void a_new_robot_stands_still_at_zero() {
        pass(10);

        assertThat(robot.speed()).isZero();
        assertThat(robot.position()).isZero();
    }

    @Test
    void the_position_advances_by_speed_times_elapsed_time() {
        robot.increaseSpeed(2);
        pass(1.5);

        assertThat(robot.position()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void a_speed_change_applies_from_its_moment_on() {
        robot.increaseSpeed(1);
        pass(2);
        robot.increaseSpeed(3);
        pass(0.5);

        assertThat(robot.read()).satisfies(reading -> {
            assertThat(reading.speed()).isEqualTo(4);
            assertThat(reading.position()).isCloseTo(2 + 4 * 0.5, within(1e-9));
        });
    }

    @Test
    void reading_often_or_rarely_gives_the_same_position() {
        Robot other = new Robot(nanos::get);
        robot.increaseSpeed(7);
        other.increaseSpeed(7);
        for (int i = 0; i < 1000; i++) {
            pass(0.001);
            robot.position();
        }

        assertThat(robot.position()).isCloseTo(other.position(), within(1e-9)).isCloseTo(7.0, within(1e-6));
    }

    @Test
    void increasing_answers_the_new_speed() {
        assertThat(robot.increaseSpeed(1)).isEqualTo(1);
        assertThat(robot.increaseSpeed(5)).isEqualTo(6);
    }
}
