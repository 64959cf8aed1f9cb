package io.coterie.robot;

import io.coterie.rpc.server.RpcServer;
import io.coterie.telemetry.client.TelemetryClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's robot: serves commands over RPC under {@code /robots/ID} and publishes its speed and
 * position as telemetry of {@code robots/ID}. Prints one line on stdout once its name is bound
 * ({@code robot ID ready rpc=http://ADDR:PORT name=/robots/ID}); logs go to stderr. Stops cleanly
 * on SIGTERM: unbinds the name, then flushes telemetry. Settings: see README.md.
 */
public final class RobotMain {

    private static final Logger LOG = LoggerFactory.getLogger(RobotMain.class);

    private RobotMain() {
    }

    public static void main(String[] args) {
        RobotSettings settings;
        try {
            settings = RobotSettings.from(System.getenv(), Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IllegalArgumentException e) {
            System.err.println("robot-sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        RunningRobot robot;
        try {
            robot = RunningRobot.start(settings);
        } catch (RuntimeException e) {
            LOG.error("The robot {} could not start: {}", settings.id(), e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the robot {}", settings.id());
            robot.close();
            stopped.countDown();
        }, "robot-shutdown"));
        System.out.println("robot " + settings.id() + " ready rpc=" + robot.server().address() + " name=" + settings.name());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A robot with its RPC server and telemetry running. */
    record RunningRobot(Robot robot, RpcServer server, TelemetryPublisher telemetry) implements AutoCloseable {

        static RunningRobot start(RobotSettings settings) {
            Robot robot = new Robot(System::nanoTime);
            TelemetryPublisher telemetry = settings.telemetryInterval().isZero() ? null
                    : new TelemetryPublisher(robot, settings.telemetrySource(), TelemetryClient.builder()
                            .bootstrapServers(settings.kafka()).producerName("robot-" + settings.id())
                            .spoolDirectory(settings.spoolDirectory()).build(), settings.telemetryInterval());
            RpcServer.Builder server = RpcServer.builder().name(settings.name())
                    .bind("0.0.0.0", settings.port()).advertise(settings.advertise())
                    .fromEnvironment(java.util.Map.of("COTERIE_ADDR", settings.gateway().toString(),
                            "COTERIE_TOKEN", settings.token()));
            if (settings.instanceId() != null) {
                server.instanceId(settings.instanceId());
            }
            new RobotMethods(robot, settings.actuationDelay()).all().forEach(server::method);
            try {
                return new RunningRobot(robot, server.start(), telemetry);
            } catch (RuntimeException e) {
                if (telemetry != null) {
                    telemetry.close();
                }
                throw e;
            }
        }

        /** Unbinds first, so callers stop coming, then flushes telemetry. */
        @Override
        public void close() {
            server.close();
            if (telemetry != null) {
                telemetry.close();
            }
        }
    }
}
