package io.coterie.robot;

import io.coterie.rpc.server.RpcMethod;
import io.coterie.rpc.server.RpcRejectedException;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The robot's RPC methods: {@code speed.get}, {@code speed.increase} and {@code position.get}. */
final class RobotMethods {

    static final int MAX_STEP = 100;

    private final Robot robot;
    private final Duration actuationDelay;

    RobotMethods(Robot robot, Duration actuationDelay) {
        this.robot = robot;
        this.actuationDelay = actuationDelay;
    }

    Map<String, RpcMethod> all() {
        return Map.of(
                "speed.get", (argument, context) -> speed(robot.speed()),
                "speed.increase", (argument, context) -> increase(argument),
                "position.get", (argument, context) -> {
                    Robot.Reading reading = robot.read();
                    return JsonNodeFactory.instance.objectNode().put("position", reading.position()).put("speed", reading.speed());
                });
    }

    /** Not idempotent: each call that runs adds its step (send an Idempotency-Key to run it once). */
    JsonNode increase(JsonNode argument) throws RpcRejectedException {
        long by = step(argument);
        actuate();
        return speed(robot.increaseSpeed(by));
    }

    /** The step an argument asks for: none (null or {}) is 1; else {"by": k} with a whole k from 1 to 100. */
    static long step(JsonNode argument) throws RpcRejectedException {
        if (argument == null || argument.isNull()) {
            return 1;
        }
        if (!argument.isObject()) {
            throw new RpcRejectedException("speed.increase takes nothing or {\"by\": k} with k from 1 to " + MAX_STEP);
        }
        for (String field : argument.propertyNames()) {
            if (!field.equals("by")) {
                throw new RpcRejectedException("speed.increase knows only the field \"by\", not \"" + field + "\"");
            }
        }
        JsonNode by = argument.get("by");
        if (by == null) {
            return 1;
        }
        if (!by.isIntegralNumber() || !by.canConvertToLong() || by.asLong() < 1 || by.asLong() > MAX_STEP) {
            throw new RpcRejectedException("\"by\" must be a whole number from 1 to " + MAX_STEP + ", not " + by);
        }
        return by.asLong();
    }

    private void actuate() {
        if (actuationDelay.isZero()) {
            return;
        }
        try {
            // A slow actuator: the change takes this long, whatever the caller's deadline.
            Thread.sleep(actuationDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode speed(long speed) {
        return JsonNodeFactory.instance.objectNode().put("speed", speed);
    }
}
