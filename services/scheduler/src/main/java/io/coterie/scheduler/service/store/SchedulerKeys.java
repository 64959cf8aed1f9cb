package io.coterie.scheduler.service.store;

import io.coterie.naming.NamePath;
import java.util.regex.Pattern;

/** Where the scheduler and the host agents meet in the store: the key table of docs/scheduling.md. */
public final class SchedulerKeys {

    public static final String ROOT = "sys/sched/";
    public static final String HOSTS = ROOT + "hosts/";
    public static final String LEADER = ROOT + "leader";
    public static final String JOBS = ROOT + "jobs/";
    public static final String LEDGERS = ROOT + "ledger/";
    public static final String ALLOCATIONS = ROOT + "allocs/";
    public static final String STATUSES = ROOT + "status/";
    public static final String PENDING = ROOT + "pending/";
    public static final String REPLICAS = ROOT + "replicas/";
    /** Job names are naming segments too: {@code /jobs/JOB/INDEX}. */
    public static final NamePath JOB_NAMES = NamePath.of("/jobs");

    /** A host id is one key segment and one naming metadata value: no slash, nothing to escape. */
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SchedulerKeys() {
    }

    public static boolean isValidHostId(String id) {
        return id != null && HOST_ID.matcher(id).matches();
    }

    public static String host(String hostId) {
        return HOSTS + hostId;
    }

    public static String job(String job) {
        return JOBS + job;
    }

    public static String ledger(String hostId) {
        return LEDGERS + hostId;
    }

    public static String allocationsOn(String hostId) {
        return ALLOCATIONS + hostId + "/";
    }

    public static String allocation(String hostId, String allocationId) {
        return allocationsOn(hostId) + allocationId;
    }

    public static String status(String allocationId) {
        return STATUSES + allocationId;
    }

    /** Allocation ids are {@code JOB.INDEX.PID} and job names have no dot, so this prefix is exactly one job's. */
    public static String statusesOf(String job) {
        return STATUSES + job + ".";
    }

    public static String pendingOf(String job) {
        return PENDING + job + "/";
    }

    public static String pending(String job, int index) {
        return pendingOf(job) + index;
    }

    public static String replicasOf(String job) {
        return REPLICAS + job + "/";
    }

    public static String replica(String job, int index) {
        return replicasOf(job) + index;
    }

    public static NamePath name(String job, int index) {
        return JOB_NAMES.child(job).child(Integer.toString(index));
    }

    /** The store prefix of every name under {@code /jobs/JOB/}. */
    public static String namesOf(String job) {
        return JOB_NAMES.child(job).storeKey() + "/";
    }

    public static String allocationId(String job, int index, long pid) {
        return job + "." + index + "." + pid;
    }

    /** The job of an allocation id ({@code JOB.INDEX.PID}), or null if it is not one. */
    public static String jobOfAllocation(String allocationId) {
        int dot = allocationId.indexOf('.');
        return dot <= 0 ? null : allocationId.substring(0, dot);
    }

    /** The last segment of a key. */
    public static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
