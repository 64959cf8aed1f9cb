package io.coterie.scheduler.service.reconcile;

import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.JobSpec;
import io.coterie.scheduler.service.store.AgentAddress;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.PendingRecord;
import io.coterie.scheduler.service.store.ReplicaRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pass of the leader works from: everything under {@code sys/sched/}, parsed. Ledgers
 * are read first, so a ledger's mod revision is never newer than the allocations read after it:
 * a commit that compares it fails if the host changed since, whatever the view shows.
 *
 * @param hosts          hosts an agent advertises usably, by id
 * @param missingHosts   hosts that hold allocations but have no usable host key (lost)
 * @param hostRevisions  the mod revision of every host key read (usable or not), by host id
 * @param ledgers        the ledger's mod revision by host id (absent: no key, revision 0)
 * @param jobs           by name
 * @param pending        by {@code JOB/INDEX}
 * @param replicas       by {@code JOB/INDEX}
 * @param statusJobs     the jobs that status keys belong to
 */
record ClusterState(Map<String, StoredHost> hosts, Set<String> missingHosts, Map<String, Long> hostRevisions,
                    Map<String, Long> ledgers, List<StoredAllocation> allocations, Map<String, StoredJob> jobs,
                    Map<String, PendingRecord> pending, Map<String, StoredReplica> replicas, Set<String> statusJobs) {

    record StoredHost(Host host, AgentAddress agent, long modRevision) {
    }

    record StoredAllocation(AllocationRecord record, Allocation allocation) {
    }

    /** {@code spec} is null when the stored job breaks a rule (written by hand); it is then left alone. */
    record StoredJob(JobRecord record, JobSpec spec, long modRevision) {
        boolean running() {
            return record.running();
        }
    }

    record StoredReplica(String job, int index, ReplicaRecord record, long modRevision) {
    }

    static String replicaKey(String job, int index) {
        return job + "/" + index;
    }
}
