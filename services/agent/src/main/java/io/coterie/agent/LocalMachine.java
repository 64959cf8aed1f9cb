package io.coterie.agent;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the agent asks the machine it runs on. */
final class LocalMachine {

    private LocalMachine() {
    }

    /** The machine's name, reduced to what a host id may hold (a host name may carry other characters). */
    static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "localhost";
        }
        String id = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    static String address() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    /** Physical memory, or the container's limit when the JVM runs in one. */
    static long memoryBytes() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
