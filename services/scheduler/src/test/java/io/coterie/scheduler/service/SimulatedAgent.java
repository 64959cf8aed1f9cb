package io.coterie.scheduler.service;

import com.sun.net.httpserver.HttpServer;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Lease;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.HostRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A host agent as far as the scheduler can tell: it advertises its host under a lease it renews
 * ({@code address} and agent {@code port}), reports every allocation assigned to it as running
 * (the way services/agent does: only while the allocation exists), and serves logs over HTTP. {@link #die()} stops all of it at once, the way a crashed or cut-off host goes
 * silent: the lease then expires and the host key vanishes.
 */
public final class SimulatedAgent implements AutoCloseable {

    public final String hostId;
    public final Host host;
    private final ConsensusClient store;
    private final Duration ttl;
    private final ScheduledExecutorService renewals;
    private final HttpServer http;
    /** The Authorization header of every log request, in order. */
    public final Queue<String> logRequests = new ConcurrentLinkedQueue<>();
    private long lease;
    private Watch watch;
    private volatile boolean alive = true;

    private SimulatedAgent(ConsensusClient store, Host host, Duration ttl) {
        this.store = store;
        this.hostId = host.id();
        this.host = host;
        this.ttl = ttl;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-" + host.id());
            t.setDaemon(true);
            return t;
        });
        try {
            this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an agent for {@code host} whose lease lives {@code ttl} without renewal. */
    public static SimulatedAgent start(ConsensusClient store, Host host, Duration ttl) {
        return new SimulatedAgent(store, host, ttl).start();
    }

    private SimulatedAgent start() {
        http.createContext("/v1/allocations/", exchange -> {
            logRequests.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String path = exchange.getRequestURI().getPath();
            String allocation = path.substring("/v1/allocations/".length(), path.length() - "/logs".length());
            byte[] body = ("log of " + allocation + " on " + hostId + " (" + exchange.getRequestURI().getQuery() + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        Lease granted = store.grantLease(ttl).join();
        lease = granted.id();
        HostRecord record = new HostRecord(hostId, "127.0.0.1", http.getAddress().getPort(), host.cpus(), host.memoryBytes(),
                host.labels(), List.copyOf(host.dataPaths()), false, Instant.now().toString());
        store.put(SchedulerKeys.host(hostId), StoreJson.encode(record), lease).join();
        long every = Math.max(200, ttl.toMillis() / 3);
        renewals.scheduleWithFixedDelay(() -> {
            if (alive) {
                store.keepAlive(lease).exceptionally(failure -> null);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        RangePage assigned = store.list(SchedulerKeys.allocationsOn(hostId), "", 1000, false, Consistency.LINEARIZABLE).join();
        assigned.kvs().forEach(this::run);
        watch = store.watch(SchedulerKeys.allocationsOn(hostId), true, assigned.revision() + 1, events -> events.forEach(this::onEvent));
        return this;
    }

    private void onEvent(WatchEvent event) {
        if (!alive) {
            return;
        }
        if (event.type() == WatchEvent.Type.PUT) {
            run(event.kv());
        }
    }

    private void run(KeyValue kv) {
        AllocationRecord allocation = StoreJson.decode(kv.key(), kv.value(), AllocationRecord.class);
        Map<String, Object> status = Map.of("id", allocation.id(), "job", allocation.job(), "index", allocation.index(),
                "hostId", hostId, "state", "running", "restarts", 0, "localPid", ThreadLocalRandom.current().nextInt(100, 60000),
                "startedAt", Instant.now().toString(), "cpuSeconds", 0.25, "memoryBytes", 1 << 20);
        store.txn(Txn.builder().when(Compare.present(kv.key()))
                .then(Op.put(SchedulerKeys.status(allocation.id()), StoreJson.encode(status))).build());
    }

    /** The allocations the scheduler has assigned to this host right now. */
    public List<AllocationRecord> allocations() {
        return store.list(SchedulerKeys.allocationsOn(hostId), "", 1000, false, Consistency.LINEARIZABLE).join().kvs().stream()
                .map(kv -> StoreJson.decode(kv.key(), kv.value(), AllocationRecord.class)).toList();
    }

    public Duration ttl() {
        return ttl;
    }

    /** Goes silent: no renewals, no statuses, no logs. The host key vanishes one TTL later. */
    public void die() {
        alive = false;
        if (watch != null) {
            watch.close();
        }
        renewals.shutdownNow();
        http.stop(0);
    }

    /** Leaves cleanly: the lease is revoked and the host key goes at once. */
    @Override
    public void close() {
        boolean wasAlive = alive;
        die();
        if (wasAlive) {
            store.revokeLease(lease).exceptionally(failure -> null).join();
        }
    }
}
