package io.coterie.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts with their own network namespaces on one machine, joined by a bridge, so that a test can
 * cut real links between them. Host {@code i} has address {@code 10.<subnet>.0.i}; the test
 * itself, in the root namespace, reaches every host at any time. Needs root and iproute2.
 *
 * <p>A lab owns its subnet through a file lock, so labs in concurrent test processes never share
 * one; whatever a killed process left behind under the same subnet is removed before building.
 */
public final class NetworkLab implements AutoCloseable {

    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "coterie-netlab");
    private static final int FIRST_SUBNET = 100;
    private static final int LAST_SUBNET = 199;

    private final String tag;
    private final int subnet;
    private final int hosts;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final List<String> blackholes = new ArrayList<>();

    private NetworkLab(int subnet, int hosts, FileChannel lockFile, FileLock lock) {
        this.subnet = subnet;
        this.tag = "cot" + subnet;
        this.hosts = hosts;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** True where a test can build a lab: root, with the ip command. */
    public static boolean available() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process ip = new ProcessBuilder("ip", "netns", "list").start();
            return id.waitFor() == 0 && "0".equals(uid) && ip.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static NetworkLab create(int hosts) {
        NetworkLab lab = claimSubnet(hosts);
        try {
            lab.removeLeftovers();
            lab.build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private static NetworkLab claimSubnet(int hosts) {
        try {
            Files.createDirectories(LOCKS);
            for (int subnet = FIRST_SUBNET; subnet <= LAST_SUBNET; subnet++) {
                FileChannel channel = FileChannel.open(LOCKS.resolve(subnet + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null; // held by another lab of this process
                }
                if (lock != null) {
                    return new NetworkLab(subnet, hosts, channel, lock);
                }
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("every lab subnet 10." + FIRST_SUBNET + " to 10." + LAST_SUBNET + " is in use");
    }

    /** Namespaces and links named like ours can only be left by a process that died holding this subnet. */
    private void removeLeftovers() {
        for (String ns : lines("ip", "netns", "list")) {
            String name = ns.split(" ")[0];
            if (name.startsWith(tag + "n")) {
                quietly("ip", "netns", "del", name);
            }
        }
        for (String link : lines("ip", "-o", "link", "show")) {
            String[] fields = link.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0];
                if (name.startsWith(tag + "h") || name.equals(tag + "br")) {
                    quietly("ip", "link", "del", name);
                }
            }
        }
    }

    private void build() {
        String bridge = tag + "br";
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "addr", "add", "10." + subnet + ".0.254/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int i = 1; i <= hosts; i++) {
            String ns = namespace(i);
            String outside = tag + "h" + i + "a";
            String inside = tag + "h" + i + "b";
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
            run("ip", "link", "set", inside, "netns", ns);
            run("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", inside);
            run("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            run("ip", "link", "set", outside, "master", bridge);
            run("ip", "link", "set", outside, "up");
        }
    }

    public String namespace(int host) {
        return tag + "n" + host;
    }

    public String address(int host) {
        return "10." + subnet + ".0." + host;
    }

    /**
     * Cuts every link between a host of {@code side} and a host of {@code other}, both ways; the
     * hosts on each side still reach each other, and the test still reaches everyone.
     */
    public void partition(Collection<Integer> side, Collection<Integer> other) {
        for (int a : side) {
            for (int b : other) {
                blackhole(a, b);
                blackhole(b, a);
            }
        }
    }

    private void blackhole(int from, int to) {
        run("ip", "netns", "exec", namespace(from), "ip", "route", "add", "blackhole", address(to) + "/32");
        blackholes.add(from + ">" + to);
    }

    /** Restores every link cut by {@link #partition}. */
    public void heal() {
        for (String cut : blackholes) {
            String[] ends = cut.split(">");
            run("ip", "netns", "exec", namespace(Integer.parseInt(ends[0])), "ip", "route", "del", "blackhole",
                    address(Integer.parseInt(ends[1])) + "/32");
        }
        blackholes.clear();
    }

    @Override
    public void close() {
        for (int i = 1; i <= hosts; i++) {
            quietly("ip", "netns", "del", namespace(i));
            quietly("ip", "link", "del", tag + "h" + i + "a");
        }
        quietly("ip", "link", "del", tag + "br");
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }

    private static List<String> lines(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (RuntimeException e) {
            // Already gone.
        }
    }
}
