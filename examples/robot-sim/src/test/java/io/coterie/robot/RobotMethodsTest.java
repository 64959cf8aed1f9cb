package io.coterie.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.rpc.server.CallContext;
import io.coterie.rpc.server.RpcMethod;
import io.coterie.rpc.server.RpcRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

class RobotMethodsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CallContext CONTEXT = new CallContext("alice", "m", null, System.nanoTime() + 10_000_000_000L);

    private final AtomicLong nanos = new AtomicLong();
    private final Robot robot = new Robot(nanos::get);
    private final Map<String, RpcMethod> methods = new RobotMethods(robot, Duration.ZERO).all();

    private JsonNode call(String method, String argument) throws RpcRejectedException {
        return methods.get(method).call(argument == null ? NullNode.getInstance() : JSON.readTree(argument), CONTEXT);
    }

    @Test
    void serves_the_three_methods() {
        assertThat(methods).containsOnlyKeys("speed.get", "speed.increase", "position.get");
    }

    @Test
    void speed_increase_adds_one_by_default_and_answers_the_new_speed() throws Exception {
        assertThat(call("speed.increase", null).toString()).isEqualTo("{\"speed\":1}");
        assertThat(call("speed.increase", "{}").toString()).isEqualTo("{\"speed\":2}");
        assertThat(call("speed.get", null).toString()).isEqualTo("{\"speed\":2}");
    }

    @Test
    void speed_increase_adds_the_step_it_is_given() throws Exception {
        assertThat(call("speed.increase", "{\"by\":1}").path("speed").asLong()).isEqualTo(1);
        assertThat(call("speed.increase", "{\"by\":100}").path("speed").asLong()).isEqualTo(101);
    }

    @Test
    void speed_increase_refuses_a_bad_step_and_changes_nothing() throws Exception {
        for (String bad : List.of("{\"by\":0}", "{\"by\":101}", "{\"by\":-1}", "{\"by\":1.5}", "{\"by\":\"2\"}",
                "{\"by\":null}", "{\"by\":99999999999999999999}", "{\"step\":2}", "3", "\"fast\"", "[1]", "true")) {
            assertThatThrownBy(() -> call("speed.increase", bad)).as(bad).isInstanceOf(RpcRejectedException.class);
        }

        assertThat(robot.speed()).isZero();
    }

    @Test
    void position_get_answers_where_the_robot_is() throws Exception {
        call("speed.increase", "{\"by\":4}");
        nanos.addAndGet(2_500_000_000L);

        JsonNode position = call("position.get", null);

        assertThat(position.path("position").asDouble()).isEqualTo(10.0);
        assertThat(position.path("speed").asLong()).isEqualTo(4);
    }

    @Test
    void a_slow_actuator_takes_its_time_before_the_speed_changes() throws Exception {
        RpcMethod slow = new RobotMethods(robot, Duration.ofMillis(200)).all().get("speed.increase");
        long start = System.nanoTime();

        JsonNode answer = slow.call(NullNode.getInstance(), CONTEXT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(answer.path("speed").asLong()).isEqualTo(1);
    }
}
