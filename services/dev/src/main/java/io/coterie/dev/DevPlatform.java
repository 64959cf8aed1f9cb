package io.coterie.dev;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole platform on this machine: three consensus peers and the gateway, each its own
 * process, state under {@code var/dev}. Starts them, waits until every one is ready, says so in
 * one line, and stops them all cleanly on SIGINT or SIGTERM.
 */
final class DevPlatform {

    static final int GATEWAY_PORT = 8080;
    static final int CONSENSUS_HTTP_BASE = 7100;
    static final int CONSENSUS_RAFT_BASE = 7200;
    static final int PEERS = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final DevLayout layout;
    private final boolean fresh;
    private final int hosts;
    private final PrintStream out;
    private final PrintStream err;
    private final List<ServiceProcess> services = new ArrayList<>();
    private volatile boolean stopping;

    DevPlatform(DevLayout layout, boolean fresh, int hosts, PrintStream out, PrintStream err) {
        this.layout = layout;
        this.fresh = fresh;
        this.hosts = hosts;
        this.out = out;
        this.err = err;
    }

    /** Runs until stopped; returns the exit status. */
    int run() throws IOException, InterruptedException {
        Files.createDirectories(layout.lockFile().getParent());
        try (FileChannel lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                err.println("coterie dev: another ./coterie dev is already running on " + layout.state());
                return 1;
            }
            return runLocked();
        }
    }

    private int runLocked() throws IOException, InterruptedException {
        killLeftovers();
        if (fresh) {
            deleteRecursively(layout.state());
        }
        Files.createDirectories(layout.logs());
        ensureToken();
        List<String> missing = missingJars();
        if (!missing.isEmpty()) {
            err.println("coterie dev: missing " + String.join(", ", missing) + "; build with ./mvnw -DskipTests package");
            return 1;
        }
        List<Integer> busy = busyPorts();
        if (!busy.isEmpty()) {
            err.println("coterie dev: port(s) " + busy + " already in use; stop whatever holds them and try again");
            return 1;
        }

        services.addAll(consensusPeers());
        services.add(gateway());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "coterie-dev-stop"));
        for (ServiceProcess service : services) {
            service.start();
        }
        writePids();

        ServiceProcess failed = awaitReady();
        if (failed != null) {
            err.println("coterie dev: " + failed.name() + (failed.isAlive() ? " did not become ready in time"
                    : " exited with code " + failed.exitCode()) + "; last lines of " + layout.show(failed.log()) + ":");
            failed.logTail(30).forEach(line -> err.println("  " + line));
            stopAll();
            return 1;
        }
        out.println("coterie dev ready gateway=http://127.0.0.1:" + layout.port(GATEWAY_PORT)
                + " consensus=" + consensusUrls()
                + " token=" + layout.show(layout.token())
                + " logs=" + layout.show(layout.logs())
                + " hosts=" + hosts);
        out.flush();
        supervise();
        return 0;
    }

    private List<ServiceProcess> consensusPeers() {
        String members = java.util.stream.IntStream.rangeClosed(1, PEERS)
                .mapToObj(i -> "n" + i + "=127.0.0.1:" + layout.port(CONSENSUS_RAFT_BASE + i))
                .collect(Collectors.joining(","));
        List<ServiceProcess> peers = new ArrayList<>();
        for (int i = 1; i <= PEERS; i++) {
            Map<String, String> env = commonEnvironment();
            env.put("COTERIE_CONSENSUS_NODE_ID", "n" + i);
            env.put("COTERIE_CONSENSUS_MEMBERS", members);
            env.put("COTERIE_CONSENSUS_DATA_DIR", layout.state().resolve("consensus/n" + i).toString());
            peers.add(new ServiceProcess("consensus-n" + i, layout.jar("consensus"), env, layout.port(CONSENSUS_HTTP_BASE + i),
                    layout.logs().resolve("consensus-n" + i + ".log")));
        }
        return peers;
    }

    private ServiceProcess gateway() {
        Map<String, String> env = commonEnvironment();
        for (int i = 1; i <= PEERS; i++) {
            env.put("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_CONSENSUS_" + (i - 1) + "_URI",
                    "http://127.0.0.1:" + layout.port(CONSENSUS_HTTP_BASE + i));
        }
        return new ServiceProcess("gateway", layout.jar("gateway"), env, layout.port(GATEWAY_PORT),
                layout.logs().resolve("gateway.log"));
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("COTERIE_SECURITY_TOKEN_FILE", layout.token().toString());
        return env;
    }

    private String consensusUrls() {
        return java.util.stream.IntStream.rangeClosed(1, PEERS)
                .mapToObj(i -> "http://127.0.0.1:" + layout.port(CONSENSUS_HTTP_BASE + i)).collect(Collectors.joining(","));
    }

    /** Null when every service is ready; otherwise the first that died or never got ready. */
    private ServiceProcess awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : services) {
                if (!service.isAlive()) {
                    return service;
                }
            }
            pending.removeIf(ServiceProcess::isReady);
            if (System.nanoTime() > deadline) {
                return pending.get(0);
            }
            Thread.sleep(250);
        }
        return null;
    }

    /** Reports services that die; the platform goes on without them until stopped. */
    private void supervise() throws InterruptedException {
        List<ServiceProcess> reported = new ArrayList<>();
        while (!stopping) {
            for (ServiceProcess service : services) {
                if (!service.isAlive() && !reported.contains(service) && !stopping) {
                    reported.add(service);
                    err.println("coterie dev: " + service.name() + " exited with code " + service.exitCode()
                            + "; see " + layout.show(service.log()));
                }
            }
            Thread.sleep(500);
        }
    }

    private synchronized void stopAll() {
        if (stopping && services.stream().noneMatch(ServiceProcess::isAlive)) {
            return;
        }
        stopping = true;
        // The gateway first, so that no new request reaches a peer that is going away.
        List<ServiceProcess> order = new ArrayList<>(services);
        java.util.Collections.reverse(order);
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess service : order) {
            Thread stopper = new Thread(() -> service.stop(STOP_GRACE));
            stopper.start();
            stoppers.add(stopper);
            if (service.name().equals("gateway")) {
                join(stopper);
            }
        }
        stoppers.forEach(DevPlatform::join);
        try {
            Files.deleteIfExists(layout.pids());
        } catch (IOException e) {
            // Harmless: the next start checks the pids it finds.
        }
        err.println("coterie dev stopped");
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureToken() throws IOException {
        if (Files.exists(layout.token()) && !Files.readString(layout.token(), StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = "cot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path tmp = layout.token().resolveSibling("token.tmp");
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, layout.token(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> missingJars() {
        List<String> missing = new ArrayList<>();
        for (String service : List.of("consensus", "gateway")) {
            if (!Files.isRegularFile(layout.jar(service))) {
                missing.add(layout.show(layout.jar(service)));
            }
        }
        return missing;
    }

    private List<Integer> busyPorts() {
        List<Integer> ports = new ArrayList<>(List.of(layout.port(GATEWAY_PORT)));
        for (int i = 1; i <= PEERS; i++) {
            ports.add(layout.port(CONSENSUS_HTTP_BASE + i));
            ports.add(layout.port(CONSENSUS_RAFT_BASE + i));
        }
        return ports.stream().filter(port -> {
            try (ServerSocket socket = new ServerSocket(port)) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }).toList();
    }

    /** Records child pids, so that a launcher killed with SIGKILL leaves nothing behind at the next start. */
    private void writePids() throws IOException {
        String lines = services.stream().map(s -> s.pid() + " " + s.name()).collect(Collectors.joining("\n"));
        Files.writeString(layout.pids(), lines + "\n", StandardCharsets.UTF_8);
    }

    private void killLeftovers() throws IOException {
        if (!Files.exists(layout.pids())) {
            return;
        }
        for (String line : Files.readAllLines(layout.pids(), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split(" ", 2);
            if (parts.length < 1 || parts[0].isEmpty()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(parts[0]))
                    .filter(p -> p.info().commandLine().map(c -> c.contains(layout.root().resolve("services").toString())).orElse(false))
                    .ifPresent(p -> {
                        err.println("coterie dev: stopping " + parts[1] + " (pid " + p.pid() + ") left over from an earlier run");
                        p.destroy();
                        p.onExit().orTimeout(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                                .exceptionally(t -> {
                                    p.destroyForcibly();
                                    return p;
                                }).join();
                    });
        }
        Files.deleteIfExists(layout.pids());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
