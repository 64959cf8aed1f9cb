package io.coterie.robot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The robot's settings, from its environment (see README.md).
 *
 * @param id                the robot's id: it serves {@code /robots/ID} and publishes as source {@code robots/ID}
 * @param gateway           where the platform is ({@code COTERIE_ADDR})
 * @param token             the robot's token ({@code COTERIE_TOKEN}): needs {@code write} on its name to bind it
 * @param kafka             the telemetry brokers
 * @param telemetryInterval how often speed and position are published; zero: never
 * @param actuationDelay    how long a speed change takes
 * @param port              the RPC port (0: any free one)
 * @param advertise         the address callers reach the robot at
 * @param spoolDirectory    where telemetry waits for Kafka
 * @param instanceId        the instance's id in the name's entry, or null for ADDRESS:PORT
 */
public record RobotSettings(String id, URI gateway, String token, String kafka, Duration telemetryInterval,
                            Duration actuationDelay, int port, String advertise, Path spoolDirectory, String instanceId) {

    /** A robot id is one segment of a name and of a telemetry source. */
    static final String ID_PATTERN = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}";

    /** The settings in {@code env}, with their defaults. Throws IllegalArgumentException naming the bad setting. */
    public static RobotSettings from(Map<String, String> env, Path temporaryDirectory) {
        String index = env.get("COTERIE_INDEX");
        String id = text(env, "ROBOT_ID", index == null || index.isBlank() ? "r1" : "r" + index.trim());
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("ROBOT_ID must be 1 to 64 characters of A-Z a-z 0-9 . _ - (not starting with '.'): '"
                    + id + "'");
        }
        URI gateway;
        try {
            gateway = URI.create(text(env, "COTERIE_ADDR", "http://127.0.0.1:8080"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("COTERIE_ADDR must be a URL such as http://127.0.0.1:8080: " + e.getMessage());
        }
        if (gateway.getScheme() == null || gateway.getHost() == null) {
            throw new IllegalArgumentException("COTERIE_ADDR must be a URL such as http://127.0.0.1:8080, not '" + gateway + "'");
        }
        String token = text(env, "COTERIE_TOKEN", null);
        if (token == null) {
            throw new IllegalArgumentException("COTERIE_TOKEN must be set: the robot needs a token to bind its name and to"
                    + " check its callers' tokens (see examples/robot-sim/README.md)");
        }
        String spool = text(env, "ROBOT_SPOOL_DIR", null);
        String allocation = text(env, "COTERIE_ALLOC_ID", null);
        // Per allocation: a robot restarted in its allocation finds its spool again, while one placed
        // anew (its old copy perhaps still running, cut off from its agent) gets a spool of its own.
        String defaultSpool = "robot-spool-" + id + (allocation == null ? "" : "-" + allocation.replace('/', '_'));
        return new RobotSettings(id, gateway, token, text(env, "COTERIE_KAFKA", "127.0.0.1:9092"),
                Duration.ofMillis(number(env, "ROBOT_TELEMETRY_INTERVAL_MS", 1000, 0, 3_600_000)),
                Duration.ofMillis(number(env, "ROBOT_ACTUATION_DELAY_MS", 0, 0, 600_000)),
                (int) number(env, "ROBOT_PORT", 0, 0, 65535),
                text(env, "ROBOT_ADVERTISE", "127.0.0.1"),
                spool != null ? Path.of(spool) : temporaryDirectory.resolve(defaultSpool),
                allocation);
    }

    public String name() {
        return "/robots/" + id;
    }

    public String telemetrySource() {
        return "robots/" + id;
    }

    private static String text(Map<String, String> env, String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long number(Map<String, String> env, String key, long fallback, long min, long max) {
        String value = text(env, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
