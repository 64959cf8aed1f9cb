package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.InvalidJobSpecException;
import io.coterie.scheduler.JobSpec;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredAllocation;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredHost;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredJob;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredReplica;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.HostRecord;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.PendingRecord;
import io.coterie.scheduler.service.store.ReplicaRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole of {@code sys/sched/} for one pass. Values that break the contract are logged
 * and skipped, never fatal: one bad key must not stop the scheduler. A host whose key cannot be
 * used counts as missing, so what it holds is replaced on hosts that can be trusted.
 */
final class ClusterStateReader {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStateReader.class);
    /** Past this many, complaints are forgotten (and may be logged once more) rather than remembered forever. */
    private static final int MAX_REMEMBERED_COMPLAINTS = 10_000;

    private final BlockingStore store;
    /** Complaints already logged, so a bad key is reported once rather than every pass. */
    private final Set<String> reported = new HashSet<>();

    ClusterStateReader(BlockingStore store) {
        this.store = store;
    }

    ClusterState read() {
        // Ledgers before allocations: see ClusterState.
        Map<String, Long> ledgers = new HashMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.LEDGERS, true)) {
            ledgers.put(SchedulerKeys.lastSegment(kv.key()), kv.modRevision());
        }
        List<StoredAllocation> allocations = allocations();
        Map<String, StoredReplica> replicas = replicas();
        Map<String, StoredHost> hosts = new TreeMap<>();
        Map<String, Long> hostRevisions = new HashMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.HOSTS)) {
            String id = kv.key().substring(SchedulerKeys.HOSTS.length());
            hostRevisions.put(id, kv.modRevision());
            try {
                HostRecord record = StoreJson.decode(kv.key(), kv.value(), HostRecord.class);
                Host host = record.toHost(id);
                hosts.put(id, new StoredHost(host, record.agent(), kv.modRevision()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                complain(kv, "host key " + kv.key() + " cannot be used, so the host counts as missing: " + e.getMessage());
            }
        }
        Set<String> missing = new HashSet<>();
        allocations.forEach(allocation -> {
            if (!hosts.containsKey(allocation.allocation().hostId())) {
                missing.add(allocation.allocation().hostId());
            }
        });
        return new ClusterState(hosts, missing, hostRevisions, ledgers, allocations, jobs(), pending(), replicas, statusJobs());
    }

    private List<StoredAllocation> allocations() {
        List<StoredAllocation> allocations = new ArrayList<>();
        for (KeyValue kv : store.list(SchedulerKeys.ALLOCATIONS)) {
            try {
                AllocationRecord record = StoreJson.decode(kv.key(), kv.value(), AllocationRecord.class);
                Allocation allocation = record.toAllocation();
                if (!kv.key().equals(SchedulerKeys.allocation(allocation.hostId(), allocation.id()))) {
                    throw new IllegalArgumentException("its value names host " + allocation.hostId() + " and id " + allocation.id());
                }
                allocations.add(new StoredAllocation(record, allocation));
            } catch (IllegalArgumentException | IllegalStateException e) {
                complain(kv, "allocation key " + kv.key() + " is not a valid allocation and is ignored: " + e.getMessage());
            }
        }
        return allocations;
    }

    private Map<String, StoredJob> jobs() {
        Map<String, StoredJob> jobs = new TreeMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.JOBS)) {
            try {
                JobRecord record = StoreJson.decode(kv.key(), kv.value(), JobRecord.class);
                JobSpec spec = null;
                try {
                    spec = record.toSpec();
                } catch (InvalidJobSpecException e) {
                    complain(kv, "job key " + kv.key() + " breaks a rule and is not placed: " + e.getMessage());
                }
                jobs.put(SchedulerKeys.lastSegment(kv.key()), new StoredJob(record, spec, kv.modRevision()));
            } catch (IllegalStateException e) {
                complain(kv, e.getMessage());
            }
        }
        return jobs;
    }

    private Map<String, PendingRecord> pending() {
        Map<String, PendingRecord> pending = new HashMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.PENDING)) {
            String replica = kv.key().substring(SchedulerKeys.PENDING.length());
            try {
                pending.put(replica, StoreJson.decode(kv.key(), kv.value(), PendingRecord.class));
            } catch (IllegalStateException e) {
                pending.put(replica, new PendingRecord(null, null));
            }
        }
        return pending;
    }

    private Map<String, StoredReplica> replicas() {
        Map<String, StoredReplica> replicas = new HashMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.REPLICAS)) {
            String rest = kv.key().substring(SchedulerKeys.REPLICAS.length());
            int slash = rest.indexOf('/');
            try {
                int index = Integer.parseInt(rest.substring(slash + 1));
                ReplicaRecord record = StoreJson.decode(kv.key(), kv.value(), ReplicaRecord.class);
                replicas.put(rest, new StoredReplica(rest.substring(0, Math.max(0, slash)), index, record, kv.modRevision()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                complain(kv, "replica key " + kv.key() + " is unreadable and is ignored: " + e.getMessage());
            }
        }
        return replicas;
    }

    private Set<String> statusJobs() {
        Set<String> jobs = new HashSet<>();
        for (KeyValue kv : store.list(SchedulerKeys.STATUSES, true)) {
            String job = SchedulerKeys.jobOfAllocation(kv.key().substring(SchedulerKeys.STATUSES.length()));
            if (job != null) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    private void complain(KeyValue kv, String message) {
        if (reported.size() >= MAX_REMEMBERED_COMPLAINTS) {
            reported.clear();
        }
        if (reported.add(kv.key() + "@" + kv.modRevision())) {
            LOG.warn(message);
        }
    }
}
