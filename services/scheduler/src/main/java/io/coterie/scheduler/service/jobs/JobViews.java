package io.coterie.scheduler.service.jobs;

import io.coterie.auth.Grants;
import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.PendingRecord;
import io.coterie.scheduler.service.store.ReplicaRecord;
import io.coterie.scheduler.service.store.RestartRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StatusRecord;
import io.coterie.scheduler.service.store.StoreJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** What the API shows of jobs, read from the store on every call (any instance answers the same). */
@Component
class JobViews {

    /** Statuses of allocations that are gone (lost, preempted) shown per job, newest first. */
    static final int MAX_HISTORY = 100;

    /** The spec part of a job, as submitted (normalised). */
    record SpecView(List<String> command, Map<String, String> env, BigDecimal cpus, Integer exclusiveCpus,
                    long memoryBytes, int replicas, int priority, List<String> constraints, String strategy,
                    String affinity, RestartRecord restart) {

        static SpecView of(JobRecord job) {
            return new SpecView(job.command(), job.env(), job.cpus(), job.exclusiveCpus(), job.memoryBytes(), job.replicas(),
                    job.priority(), job.constraints(), job.strategy(), job.affinity(), job.restart());
        }
    }

    /**
     * One allocation and what its agent last reported; {@code state} is {@code assigned} until the
     * agent has written a status. {@code cpuSeconds} and {@code memoryBytes} are usage.
     */
    record AllocationView(Integer index, String id, Long pid, String host, String state, Integer exitCode, JsonNode signal,
                          Integer restarts, String message, Double cpuSeconds, Long memoryBytes, String startedAt,
                          String endedAt) {

        static final String ASSIGNED = "assigned";

        static AllocationView of(int index, ReplicaRecord replica, StatusRecord status) {
            if (status == null) {
                return new AllocationView(index, replica.alloc(), replica.pid(), replica.host(), ASSIGNED,
                        null, null, null, null, null, null, null, null);
            }
            return new AllocationView(index, replica.alloc(), replica.pid(), replica.host(), status.state(), status.exitCode(),
                    status.signal(), status.restarts(), status.message(), status.cpuSeconds(), status.memoryBytes(),
                    status.startedAt(), status.endedAt());
        }

        static AllocationView past(StatusRecord status) {
            return new AllocationView(status.index(), status.id(), pidOf(status.id()), status.hostId(), status.state(),
                    status.exitCode(), status.signal(), status.restarts(), status.message(), status.cpuSeconds(),
                    status.memoryBytes(), status.startedAt(), status.endedAt());
        }
    }

    record PendingView(int index, String explanation, String since) {
    }

    record JobView(String name, String desired, String submittedBy, String submittedAt, SpecView spec,
                   List<AllocationView> allocations, List<PendingView> pending, List<AllocationView> history) {
    }

    /** A line of the job list: {@code running} counts allocations whose agent reports them running. */
    record JobSummary(String name, String desired, int replicas, int placed, int running, int pending, int priority) {
    }

    private final BlockingStore store;

    JobViews(BlockingStore store) {
        this.store = store;
    }

    Optional<JobView> job(String name) {
        Optional<KeyValue> kv = store.get(SchedulerKeys.job(name));
        if (kv.isEmpty()) {
            return Optional.empty();
        }
        JobRecord job = StoreJson.decode(kv.get().key(), kv.get().value(), JobRecord.class);
        Map<String, StatusRecord> statuses = new HashMap<>();
        for (KeyValue status : store.list(SchedulerKeys.statusesOf(name))) {
            statuses.put(SchedulerKeys.lastSegment(status.key()), StoreJson.decode(status.key(), status.value(), StatusRecord.class));
        }
        List<AllocationView> allocations = new ArrayList<>();
        Set<String> current = new HashSet<>();
        for (KeyValue replica : store.list(SchedulerKeys.replicasOf(name))) {
            ReplicaRecord record = StoreJson.decode(replica.key(), replica.value(), ReplicaRecord.class);
            current.add(record.alloc());
            allocations.add(AllocationView.of(index(replica.key()), record, statuses.get(record.alloc())));
        }
        allocations.sort(Comparator.comparing(AllocationView::index));
        List<PendingView> pending = new ArrayList<>();
        for (KeyValue entry : store.list(SchedulerKeys.pendingOf(name))) {
            PendingRecord record = StoreJson.decode(entry.key(), entry.value(), PendingRecord.class);
            pending.add(new PendingView(index(entry.key()), record.explanation(), record.since()));
        }
        pending.sort(Comparator.comparingInt(PendingView::index));
        List<AllocationView> history = statuses.values().stream()
                .filter(status -> status.id() != null && !current.contains(status.id()))
                .map(AllocationView::past)
                .sorted(Comparator.comparing(AllocationView::pid, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(MAX_HISTORY)
                .toList();
        return Optional.of(new JobView(job.name(), job.desired(), job.submittedBy(), job.submittedAt(), SpecView.of(job),
                allocations, pending, history));
    }

    /** Every job the grants let the caller see, by name. */
    List<JobSummary> jobs(Grants grants) {
        List<JobRecord> jobs = new ArrayList<>();
        for (KeyValue kv : store.list(SchedulerKeys.JOBS)) {
            String name = SchedulerKeys.lastSegment(kv.key());
            if (JobAccess.canView(grants, name)) {
                jobs.add(StoreJson.decode(kv.key(), kv.value(), JobRecord.class));
            }
        }
        if (jobs.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> placed = new HashMap<>();
        Set<String> currentAllocations = new HashSet<>();
        for (KeyValue replica : store.list(SchedulerKeys.REPLICAS)) {
            ReplicaRecord record = StoreJson.decode(replica.key(), replica.value(), ReplicaRecord.class);
            currentAllocations.add(record.alloc());
            placed.merge(SchedulerKeys.jobOfAllocation(record.alloc()), 1, Integer::sum);
        }
        Map<String, Integer> running = new HashMap<>();
        for (KeyValue status : store.list(SchedulerKeys.STATUSES)) {
            String allocation = SchedulerKeys.lastSegment(status.key());
            if (currentAllocations.contains(allocation)
                    && StatusRecord.RUNNING.equals(StoreJson.decode(status.key(), status.value(), StatusRecord.class).state())) {
                running.merge(SchedulerKeys.jobOfAllocation(allocation), 1, Integer::sum);
            }
        }
        Map<String, Integer> pending = new HashMap<>();
        for (KeyValue entry : store.list(SchedulerKeys.PENDING, true)) {
            String rest = entry.key().substring(SchedulerKeys.PENDING.length());
            pending.merge(rest.substring(0, Math.max(0, rest.indexOf('/'))), 1, Integer::sum);
        }
        return jobs.stream()
                .map(job -> new JobSummary(job.name(), job.desired(), job.replicas(), placed.getOrDefault(job.name(), 0),
                        running.getOrDefault(job.name(), 0), pending.getOrDefault(job.name(), 0), job.priority()))
                .toList();
    }

    private static int index(String key) {
        return Integer.parseInt(SchedulerKeys.lastSegment(key));
    }

    private static Long pidOf(String allocationId) {
        try {
            return Long.parseLong(allocationId.substring(allocationId.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
