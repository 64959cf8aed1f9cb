package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import io.coterie.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "sched", mixinStandardHelpOptions = true,
        description = "Advertises N simulated hosts (host keys under one lease, no agents, no processes), submits jobs "
                + "totalling M replicas through the scheduler's API, and measures how fast the scheduler places them: "
                + "placements/s and the placement latency (POST sent to replica key committed) p50/p99.",
        footer = {"",
                "Placements are observed with a store watch on sys/sched/replicas/bench-RUN-j (the key the scheduler writes in "
                        + "the transaction that places a replica), timed at the arrival of each event; should the watch fail, "
                        + "by polling GET /v1/jobs every second. Nothing runs: no agent reports, so placement is what is counted.",
                "Needs the admin token (host keys are under sys/). Afterwards the jobs are stopped and the lease revoked, "
                        + "which removes the hosts; also on failure and on Ctrl-C."})
public final class BenchSched extends BenchVerb {

    static final int TXN_PUTS = 128;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration HOSTS_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "500", description = "Simulated hosts (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--allocs", paramLabel = "M", defaultValue = "5000", description = "Replicas to place in all (default ${DEFAULT-VALUE}).")
    long allocs;

    @Option(names = "--replicas-per-job", paramLabel = "R", defaultValue = "10",
            description = "Replicas of each job, 1-1000; the last job takes the rest (default ${DEFAULT-VALUE}).")
    int replicasPerJob;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "4",
            description = "Concurrent submitters, each a thread with one POST in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--host-cpus", paramLabel = "N", defaultValue = "4", description = "CPUs of each simulated host (default ${DEFAULT-VALUE}).")
    int hostCpus;

    @Option(names = "--host-memory-gib", paramLabel = "G", defaultValue = "16",
            description = "Memory of each simulated host in GiB (default ${DEFAULT-VALUE}).")
    int hostMemoryGib;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "60s",
            description = "TTL of the hosts' lease, renewed every third of it during the run (default ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait, after the last submission, for every replica to be placed (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--cleanup-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the scheduler to remove the stopped jobs before the hosts are revoked (default ${DEFAULT-VALUE}).")
    Duration cleanupTimeout;

    @Override
    protected void run() throws Exception {
        if (hosts < 1 || allocs < 1 || clients < 1 || replicasPerJob < 1 || replicasPerJob > 1000 || hostCpus < 1
                || hostMemoryGib < 1 || BenchSchedPlacements.jobsFor(allocs, replicasPerJob) > 999_999_999) {
            throw new UsageException("--hosts, --allocs, --clients, --host-cpus and --host-memory-gib must be at least 1; "
                    + "--replicas-per-job between 1 and 1000");
        }
        if (leaseTtl.toSeconds() < 3 || drainTimeout.isNegative() || cleanupTimeout.isNegative()) {
            throw new UsageException("--lease-ttl must be at least 3s; --drain-timeout and --cleanup-timeout not negative");
        }
        ApiClient api = api();
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String hostPrefix = "bench-" + run + "-h";
        BenchSchedPlacements placements = new BenchSchedPlacements("bench-" + run + "-j", allocs, replicasPerJob);
        Cleanup cleanup = new Cleanup(api, placements);
        Thread hook = new Thread(() -> cleanup.run(false), "bench-sched-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, Object> result;
        try {
            result = measure(api, run, hostPrefix, placements, cleanup);
        } finally {
            cleanup.run(true);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs (or ran) anyway.
            }
        }
        List<Object> table = new ArrayList<>();
        result.forEach((k, v) -> {
            table.add(k);
            table.add(v);
        });
        long errors = (long) result.get("errors");
        report(result, () -> TextTable.fields(table.toArray()), allocs, errors,
                errors + " replicas not placed within --drain-timeout or not submitted" + cleanup.firstSubmitError());
    }

    private Map<String, Object> measure(ApiClient api, String run, String hostPrefix, BenchSchedPlacements placements,
                                        Cleanup cleanup) throws InterruptedException {
        // 1. The hosts: one lease, kept alive while the run lasts, and a host key per simulated host.
        long lease = Json.tree(api.sendJson("POST", "/v1/leases", Map.of("ttlSeconds", leaseTtl.toSeconds()))).path("id").asLong();
        cleanup.lease(lease);
        err().println("coterie: run " + run + ": advertising " + hosts + " hosts " + hostPrefix + "0.." + (hosts - 1)
                + " (" + hostCpus + " CPUs, " + hostMemoryGib + " GiB each) under lease " + lease);
        long registerStart = System.nanoTime();
        long revision = registerHosts(api, hostPrefix, lease);
        long registerNanos = System.nanoTime() - registerStart;
        awaitHosts(api, hostPrefix);

        // 2. Watch for placements from the revision after the hosts, then submit.
        BenchSchedWatch watch = new BenchSchedWatch(api, placements.jobName(0).substring(0, placements.jobName(0).length() - 1),
                placements, revision + 1);
        cleanup.watch(watch);
        Thread watcher = new Thread(watch, "bench-sched-watch");
        watcher.setDaemon(true);
        watcher.start();

        int jobs = placements.jobs();
        err().println("coterie: submitting " + jobs + " jobs of " + replicasPerJob + " replicas (" + allocs + " in all), "
                + clients + " clients");
        Map<String, String> headers = CoterieRequests.headers(global().token(), "application/json");
        LoadRunner<HttpSession> runner = new LoadRunner<>(this::httpSession, clients);
        Measured submitted = runner.measure(jobs, (session, i) -> {
            int job = (int) i;
            byte[] body = jobBody(placements.jobName(job), placements.replicas(job)).getBytes(StandardCharsets.UTF_8);
            placements.submitting(job, System.nanoTime());
            String error = session.send(new WireRequest("POST", "/v1/jobs", headers, body));
            if (error != null) {
                placements.failed(job);
                cleanup.submitError(error);
            }
            return error;
        });
        long submitDone = System.nanoTime();

        // 3. Wait for every replica of every accepted job to be seen placed.
        String observedBy = drain(api, placements, watch, submitDone);
        watch.stop();

        long listed = listedPlaced(api, placements);
        Latencies placement = Latencies.of(placements.allocationMicros(), placements.placingNanos());
        Latencies perJob = Latencies.of(placements.jobMicros(), placements.placingNanos());
        Latencies submit = Latencies.of(submitted.latenciesMicros(), submitted.elapsedNanos());
        long placed = placements.placed();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ops", placed);
        result.put("seconds", placement.seconds());
        result.put("opsPerSecond", placement.opsPerSecond());
        result.put("p50Ms", placement.p50Ms());
        result.put("p90Ms", placement.p90Ms());
        result.put("p99Ms", placement.p99Ms());
        result.put("maxMs", placement.maxMs());
        result.put("errors", allocs - placed);
        result.put("hosts", hosts);
        result.put("jobs", jobs);
        result.put("replicasPerJob", replicasPerJob);
        result.put("clients", clients);
        result.put("jobP50Ms", perJob.p50Ms());
        result.put("jobP99Ms", perJob.p99Ms());
        result.put("jobsFullyPlaced", perJob.succeeded());
        result.put("failedSubmissions", submitted.errors());
        result.put("submitSeconds", submit.seconds());
        result.put("jobsSubmittedPerSecond", submit.opsPerSecond());
        result.put("replicasSubmittedPerSecond", submit.perSecond(replicasPerJob, submitted.elapsedNanos()));
        result.put("submitP50Ms", submit.p50Ms());
        result.put("submitP99Ms", submit.p99Ms());
        result.put("hostsRegisteredPerSecond", Latencies.round(hosts / (registerNanos / 1e9), 1));
        result.put("observedBy", observedBy);
        result.put("placedPerJobList", listed);
        result.put("run", run);
        return result;
    }

    /** Host keys in transactions of {@value #TXN_PUTS} puts; the revision of the last. */
    private long registerHosts(ApiClient api, String hostPrefix, long lease) {
        String startedAt = Instant.now().toString();
        long revision = 0;
        for (int first = 0; first < hosts; first += TXN_PUTS) {
            List<Map<String, Object>> puts = new ArrayList<>();
            for (int h = first; h < Math.min(hosts, first + TXN_PUTS); h++) {
                String id = hostPrefix + h;
                puts.add(Map.of("put", Map.of("key", "sys/sched/hosts/" + id, "value", hostValue(id, startedAt), "lease", lease)));
            }
            JsonNode answer = Json.tree(api.sendJson("POST", "/v1/txn", Map.of("success", puts)));
            if (!answer.path("succeeded").asBoolean(false)) {
                throw new CliException("the transaction writing hosts " + hostPrefix + first + ".. did not succeed: " + answer);
            }
            revision = Math.max(revision, answer.path("revision").asLong());
        }
        return revision;
    }

    /** The value an agent writes under {@code sys/sched/hosts/ID} (docs/scheduling.md); nothing listens on the port. */
    String hostValue(String id, String startedAt) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("id", id);
        host.put("address", "127.0.0.1");
        host.put("port", 9);
        host.put("cpus", hostCpus);
        host.put("memoryBytes", hostMemoryGib * (1L << 30));
        host.put("labels", Map.of("bench", "sched"));
        host.put("dataPaths", List.of());
        host.put("monitorOnly", false);
        host.put("startedAt", startedAt);
        return Json.write(host);
    }

    /** A tiny shared-CPU job: placed, never run (no agent reads it). */
    static String jobBody(String name, int replicas) {
        return "{\"name\":\"" + name + "\",\"command\":[\"true\"],\"cpus\":0.01,\"memory\":\"1Mi\",\"replicas\":" + replicas + "}";
    }

    /** Until {@code GET /v1/hosts} shows every host up and a scheduler leads. */
    private void awaitHosts(ApiClient api, String hostPrefix) throws InterruptedException {
        long deadline = System.nanoTime() + HOSTS_TIMEOUT.toNanos();
        while (true) {
            int up = 0;
            for (JsonNode host : Json.tree(api.send("GET", "/v1/hosts", Map.of(), null, null))) {
                if (host.path("id").asString("").startsWith(hostPrefix) && "up".equals(host.path("status").asString(""))) {
                    up++;
                }
            }
            boolean leader = !Json.tree(api.send("GET", "/v1/scheduler/status", Map.of(), null, null)).path("leader").isNull();
            if (up == hosts && leader) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("after " + HOSTS_TIMEOUT.toSeconds() + "s the scheduler shows " + up + " of " + hosts
                        + " hosts up" + (leader ? "" : " and no leader"));
            }
            Thread.sleep(200);
        }
    }

    /** Waits for the placements; how they were observed. */
    private String drain(ApiClient api, BenchSchedPlacements placements, BenchSchedWatch watch, long submitDone)
            throws InterruptedException {
        long deadline = submitDone + drainTimeout.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        boolean polling = false;
        while (!placements.complete(true)) {
            long now = System.nanoTime();
            if (now > deadline) {
                err().println("coterie: --drain-timeout " + drainTimeout + " passed with " + placements.placed() + " of "
                        + placements.expected() + " replicas placed");
                break;
            }
            if (!polling && watch.failure() != null) {
                polling = true;
                watch.stop();
                err().println("coterie: " + watch.failure() + "; polling GET /v1/jobs every " + POLL.toMillis() + " ms instead");
            }
            if (polling) {
                poll(api, placements);
                Thread.sleep(POLL.toMillis());
            } else {
                placements.awaitChange(Math.min(1000, (deadline - now) / 1_000_000 + 1));
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress += PROGRESS_EVERY.toNanos();
                err().println("coterie: " + placements.placed() + " of " + placements.expected() + " replicas placed");
            }
        }
        return polling ? "watch of sys/sched/replicas/, then polling GET /v1/jobs every " + POLL.toMillis() + " ms"
                : "watch of sys/sched/replicas/ (event arrival)";
    }

    private static void poll(ApiClient api, BenchSchedPlacements placements) {
        JsonNode list = Json.tree(api.send("GET", "/v1/jobs", Map.of(), null, null));
        long now = System.nanoTime();
        for (JsonNode job : list) {
            placements.placedCount(job.path("name").asString(""), job.path("placed").asInt(), now);
        }
    }

    /** The replicas {@code GET /v1/jobs} counts as placed for the run's jobs: the scheduler's own tally, as a cross-check. */
    private long listedPlaced(ApiClient api, BenchSchedPlacements placements) {
        try {
            long placed = 0;
            for (JsonNode job : Json.tree(api.send("GET", "/v1/jobs", Map.of(), null, null))) {
                if (placements.jobNumber(job.path("name").asString("")) >= 0) {
                    placed += job.path("placed").asLong();
                }
            }
            return placed;
        } catch (CliException e) {
            err().println("coterie: could not list the jobs for the cross-check: " + e.getMessage());
            return -1;
        }
    }

    /**
     * Stops what the run started: the watch, the jobs ({@code DELETE}; with {@code patient}, waits
     * until the scheduler has removed them), the lease's renewal and the lease (the hosts vanish
     * with it). Runs once from the {@code finally} of the run and, on Ctrl-C, from a shutdown hook
     * (without waiting); whichever comes second does only what is left.
     */
    private final class Cleanup {

        private final ApiClient api;
        private final BenchSchedPlacements placements;
        private final AtomicBoolean jobsStopped = new AtomicBoolean();
        private final AtomicBoolean leaseRevoked = new AtomicBoolean();
        private volatile Long lease;
        private volatile Thread keepalive;
        private volatile BenchSchedWatch watch;
        private volatile String firstSubmitError;

        Cleanup(ApiClient api, BenchSchedPlacements placements) {
            this.api = api;
            this.placements = placements;
        }

        void lease(long id) {
            lease = id;
            long everyMillis = leaseTtl.toMillis() / 3;
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(everyMillis);
                        try {
                            api.send("POST", "/v1/leases/" + id + "/keepalive", Map.of(), null, null);
                        } catch (CliException e) {
                            err().println("coterie: renewing lease " + id + " failed: " + e.getMessage());
                        }
                    }
                } catch (InterruptedException stopped) {
                    // The run is over.
                }
            }, "bench-sched-keepalive");
            thread.setDaemon(true);
            thread.start();
            keepalive = thread;
        }

        void watch(BenchSchedWatch watch) {
            this.watch = watch;
        }

        void submitError(String error) {
            if (firstSubmitError == null) {
                firstSubmitError = error;
            }
        }

        String firstSubmitError() {
            return firstSubmitError == null ? "" : "; the first failed submission: " + firstSubmitError;
        }

        void run(boolean patient) {
            BenchSchedWatch w = watch;
            if (w != null) {
                w.stop();
            }
            if (jobsStopped.compareAndSet(false, true)) {
                stopJobs(patient);
            }
            Thread renewal = keepalive;
            if (renewal != null) {
                renewal.interrupt();
            }
            Long id = lease;
            if (id != null && leaseRevoked.compareAndSet(false, true)) {
                try {
                    api.send("DELETE", "/v1/leases/" + id, Map.of(), null, null);
                    err().println("coterie: revoked lease " + id + ": the simulated hosts are gone");
                } catch (CliException e) {
                    err().println("coterie: could not revoke lease " + id + " (its hosts go when it expires): " + e.getMessage());
                }
            }
        }

        private void stopJobs(boolean patient) {
            List<Integer> sent = new ArrayList<>();
            for (int job = 0; job < placements.jobs(); job++) {
                if (placements.sent(job)) {
                    sent.add(job);
                }
            }
            if (sent.isEmpty()) {
                return;
            }
            err().println("coterie: stopping the " + sent.size() + " jobs submitted");
            Map<String, String> headers = CoterieRequests.headers(global().token(), null);
            LoadRunner<HttpSession> runner = new LoadRunner<>(BenchSched.this::httpSession, clients);
            try {
                runner.run(sent.size(), (session, i) ->
                        session.send(new WireRequest("DELETE", "/v1/jobs/" + placements.jobName(sent.get((int) i)), headers, new byte[0])));
                if (patient) {
                    awaitRemoved();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void awaitRemoved() throws InterruptedException {
            long deadline = System.nanoTime() + cleanupTimeout.toNanos();
            while (true) {
                int left = 0;
                try {
                    for (JsonNode job : Json.tree(api.send("GET", "/v1/jobs", Map.of(), null, null))) {
                        if (placements.jobNumber(job.path("name").asString("")) >= 0) {
                            left++;
                        }
                    }
                } catch (CliException e) {
                    err().println("coterie: could not list the jobs while stopping them: " + e.getMessage());
                    return;
                }
                if (left == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    err().println("coterie: " + left + " jobs still being removed after --cleanup-timeout " + cleanupTimeout
                            + "; revoking the hosts anyway");
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
