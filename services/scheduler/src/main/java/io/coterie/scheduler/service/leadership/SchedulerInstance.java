package io.coterie.scheduler.service.leadership;

import io.coterie.scheduler.service.SchedulerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;

/**
 * Who this instance is in {@code sys/sched/leader}: by default the same instance id and address as
 * its registration under {@code /sys/services/scheduler/}, so the two can be matched.
 *
 * @param address {@code HOST:PORT} of this instance's HTTP API
 */
public record SchedulerInstance(String id, String address) {

    static SchedulerInstance resolve(SchedulerSettings settings, Environment environment, int port) {
        String id = settings.instanceId() != null ? settings.instanceId()
                : environment.getProperty("coterie.registration.instance-id", localHostName() + "-" + port);
        String host = environment.getProperty("coterie.registration.address", environment.getProperty("server.address", localAddress()));
        return new SchedulerInstance(id.replaceAll("[^A-Za-z0-9._-]", "_"), host + ":" + port);
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
