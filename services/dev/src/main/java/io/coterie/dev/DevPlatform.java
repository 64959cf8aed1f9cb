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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.coterie.kafka.embedded.KraftBroker;

/**
 * The whole platform on this machine, state under {@code var/dev}: PostgreSQL and a Kafka broker
 * (KRaft) inside this JVM, then three consensus peers, then identity, naming, telemetry, the
 * scheduler, one agent per host and the gateway, each its own process. Says
 * so in one line once every service answers and the root token is written; stops everything
 * cleanly on SIGINT or SIGTERM.
 */
final class DevPlatform {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final DevLayout layout;
    private final DevServices topology;
    private final boolean fresh;
    private final int hosts;
    private final PrintStream out;
    private final PrintStream err;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile DevDatabase database;
    private volatile KraftBroker kafka;
    /** Registrations reach the gateway within a few seconds: a renewal period and a refetch of its load balancer. */
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(60);

    private volatile boolean stopping;

    DevPlatform(DevLayout layout, boolean fresh, int hosts, PrintStream out, PrintStream err) {
        this.layout = layout;
        this.topology = new DevServices(layout, hosts);
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
        // PostgreSQL's and Kafka's own logging goes to a file; this console is for the ready line and errors.
        System.setProperty("org.slf4j.simpleLogger.logFile", layout.logs().resolve("launcher.log").toString());
        List<String> missing = DevServices.JARS.stream().map(layout::jar).filter(jar -> !Files.isRegularFile(jar))
                .map(layout::show).toList();
        if (!missing.isEmpty()) {
            err.println("coterie dev: missing " + String.join(", ", missing) + "; build with ./mvnw -DskipTests package");
            return 1;
        }
        List<Integer> busy = busyPorts();
        if (!busy.isEmpty()) {
            err.println("coterie dev: port(s) " + busy + " already in use; stop whatever holds them and try again");
            return 1;
        }
        DevToken.ensureRootSecret(layout.rootSecret());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "coterie-dev-stop"));

        database = DevDatabase.start(layout.postgresData(), topology.postgresPort(), layout.logs().resolve("postgres.log"));
        database.ensureDatabase(DevServices.TELEMETRY_DATABASE);
        try {
            kafka = new KraftBroker(layout.kafkaData(), topology.kafkaPort(), topology.kafkaControllerPort()).start();
        } catch (RuntimeException e) {
            err.println("coterie dev: the Kafka broker did not start: " + e.getMessage() + "; see "
                    + layout.show(layout.logs().resolve("launcher.log")));
            stopAll();
            return 1;
        }
        // Identity and naming need a store with a leader, so the peers come first.
        ServiceProcess failed = startAndAwait(topology.consensusPeers());
        if (failed == null) {
            boolean monitorOnly = !"root".equals(System.getProperty("user.name"));
            if (monitorOnly && hosts > 0) {
                err.println("coterie dev: not running as root, so the host agents cannot write cgroups; they run workloads "
                        + "without CPU or memory limits (monitor-only)");
            }
            List<ServiceProcess> second = new ArrayList<>(List.of(topology.identity(database.jdbcUrl()), topology.naming(),
                    topology.telemetry(database.jdbcUrl(DevServices.TELEMETRY_DATABASE), kafka.bootstrapServers()),
                    topology.scheduler()));
            second.addAll(topology.agents(kafka.bootstrapServers(), monitorOnly));
            second.add(topology.gateway());
            failed = startAndAwait(second);
        }
        if (failed != null) {
            err.println("coterie dev: " + failed.name() + (failed.isAlive() ? " did not become ready in time"
                    : " exited with code " + failed.exitCode()) + "; last lines of " + layout.show(failed.log()) + ":");
            failed.logTail(30).forEach(line -> err.println("  " + line));
            stopAll();
            return 1;
        }
        try {
            DevToken.refresh(layout.rootSecret(), layout.token(), topology.identityPort());
            DevRoutes.awaitRoutable(layout.port(DevServices.GATEWAY_PORT), layout.token(), ROUTE_TIMEOUT);
        } catch (IOException e) {
            err.println("coterie dev: " + e.getMessage());
            stopAll();
            return 1;
        }
        out.println("coterie dev ready gateway=http://127.0.0.1:" + layout.port(DevServices.GATEWAY_PORT)
                + " grpc=127.0.0.1:" + layout.port(DevServices.GATEWAY_GRPC_PORT)
                + " consensus=" + topology.consensusUrls()
                + " identity=http://127.0.0.1:" + topology.identityPort()
                + " naming=http://127.0.0.1:" + layout.port(DevServices.NAMING_PORT)
                + " telemetry=http://127.0.0.1:" + layout.port(DevServices.TELEMETRY_PORT)
                + " scheduler=http://127.0.0.1:" + layout.port(DevServices.SCHEDULER_PORT)
                + " kafka=" + kafka.bootstrapServers()
                + " token=" + layout.show(layout.token())
                + " logs=" + layout.show(layout.logs())
                + " hosts=" + hosts);
        out.flush();
        supervise();
        // The shutdown hook may still be stopping services; wait for it, so the lock is held until they are gone.
        stopAll();
        return 0;
    }

    /** Starts the services and waits until they are ready; null when they all are, else the first that failed. */
    private ServiceProcess startAndAwait(List<ServiceProcess> batch) throws IOException, InterruptedException {
        for (ServiceProcess service : batch) {
            service.start();
            services.add(service);
        }
        writePids();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(batch);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : batch) {
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
        if (stopping && services.stream().noneMatch(ServiceProcess::isAlive) && database == null && kafka == null) {
            return;
        }
        stopping = true;
        // In reverse order of start: the gateway first, so no new request reaches a service going away.
        List<ServiceProcess> order = new ArrayList<>(services);
        Collections.reverse(order);
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
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                err.println("coterie dev: stopping Kafka failed: " + e.getMessage());
            }
            kafka = null;
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                err.println("coterie dev: stopping PostgreSQL failed: " + e.getMessage());
            }
            database = null;
        }
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

    private List<Integer> busyPorts() {
        return topology.ports().stream().filter(port -> {
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
        stopLeftoverPostgres();
        if (!Files.exists(layout.pids())) {
            return;
        }
        for (String line : Files.readAllLines(layout.pids(), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split(" ", 2);
            if (parts.length < 2 || parts[0].isEmpty()) {
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

    /** PostgreSQL's postmaster outlives a launcher killed with SIGKILL; its pid file names it. */
    private void stopLeftoverPostgres() throws IOException {
        Path pidFile = layout.postgresData().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(first))
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(p -> {
                    err.println("coterie dev: stopping PostgreSQL (pid " + p.pid() + ") left over from an earlier run");
                    // SIGTERM asks PostgreSQL for a "smart" shutdown; it has no clients left to wait for.
                    p.destroy();
                    p.onExit().orTimeout(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                            .exceptionally(t -> {
                                p.destroyForcibly();
                                return p;
                            }).join();
                });
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
