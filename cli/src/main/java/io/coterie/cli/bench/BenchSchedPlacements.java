package io.coterie.cli.bench;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What {@code bench sched} knows about its jobs: when each was submitted and when each of its
 * replicas was first seen placed. A replica's placement latency is the moment it was seen placed
 * less the moment its job's {@code POST} was sent; a job's is the moment its last replica was
 * seen placed less the same. Thread-safe: submitters, the watch and the poller report here, the
 * main thread waits on it.
 */
final class BenchSchedPlacements {

    private final String jobPrefix;
    private final int jobs;
    private final int replicasPerJob;
    private final long allocations;
    private final long[] submittedNanos;
    private final boolean[] failed;
    private final BitSet[] placedReplicas;
    private final int[] placedCount;
    private final Histogram allocationMicros = new Histogram(LoadRunner.HIGHEST_MICROS, 3);
    private final Histogram jobMicros = new Histogram(LoadRunner.HIGHEST_MICROS, 3);
    private long placed;
    private long expected;
    private long failedAllocations;
    private long firstSubmitNanos;
    private long lastPlacedNanos;

    /** Jobs {@code jobPrefix0 .. jobPrefix(jobs-1)} share {@code allocations} replicas, {@code replicasPerJob} each but the last. */
    BenchSchedPlacements(String jobPrefix, long allocations, int replicasPerJob) {
        this.jobPrefix = jobPrefix;
        this.allocations = allocations;
        this.replicasPerJob = replicasPerJob;
        this.jobs = jobsFor(allocations, replicasPerJob);
        this.submittedNanos = new long[jobs];
        this.failed = new boolean[jobs];
        this.placedReplicas = new BitSet[jobs];
        this.placedCount = new int[jobs];
    }

    static int jobsFor(long allocations, int replicasPerJob) {
        return (int) ((allocations + replicasPerJob - 1) / replicasPerJob);
    }

    int jobs() {
        return jobs;
    }

    String jobName(int job) {
        return jobPrefix + job;
    }

    int replicas(int job) {
        return (int) Math.min(replicasPerJob, allocations - (long) job * replicasPerJob);
    }

    /** Job {@code job}'s {@code POST} is about to be sent. */
    synchronized void submitting(int job, long nanos) {
        if (submittedNanos[job] == 0) {
            submittedNanos[job] = nanos;
            expected += replicas(job);
            if (firstSubmitNanos == 0 || nanos < firstSubmitNanos) {
                firstSubmitNanos = nanos;
            }
        }
    }

    /** Job {@code job} was refused (or its answer lost): its replicas count as errors, and later sightings are ignored. */
    synchronized void failed(int job) {
        if (!failed[job]) {
            failed[job] = true;
            if (submittedNanos[job] != 0) {
                expected -= replicas(job);
            }
            failedAllocations += replicas(job);
            notifyAll();
        }
    }

    /** Whether job {@code job}'s {@code POST} went out (refused or not: a lost answer may hide a created job). */
    synchronized boolean sent(int job) {
        return submittedNanos[job] != 0;
    }

    /**
     * A replica key {@code JOB/INDEX} (as under {@code sys/sched/replicas/}) was seen at {@code nanos};
     * true when it is one of ours and new.
     */
    synchronized boolean placed(String jobSlashIndex, long nanos) {
        int slash = jobSlashIndex.indexOf('/');
        int job = jobNumber(slash < 0 ? jobSlashIndex : jobSlashIndex.substring(0, slash));
        if (job < 0 || slash < 0 || !countable(job)) {
            return false;
        }
        int index;
        try {
            index = Integer.parseInt(jobSlashIndex.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (index < 0 || index >= replicas(job) || placedCount[job] >= replicas(job)) {
            return false;
        }
        BitSet seen = placedReplicas[job] == null ? (placedReplicas[job] = new BitSet(replicas(job))) : placedReplicas[job];
        if (seen.get(index)) {
            return false;
        }
        seen.set(index);
        record(job, 1, nanos);
        return true;
    }

    /** A listing showed {@code count} replicas of job {@code name} placed at {@code nanos} (the poller's view). */
    synchronized void placedCount(String name, int count, long nanos) {
        int job = jobNumber(name);
        if (job < 0 || !countable(job)) {
            return;
        }
        int more = Math.min(count, replicas(job)) - placedCount[job];
        if (more > 0) {
            record(job, more, nanos);
        }
    }

    private boolean countable(int job) {
        return submittedNanos[job] != 0 && !failed[job];
    }

    private void record(int job, int replicas, long nanos) {
        long micros = Math.max(1, Math.min((nanos - submittedNanos[job]) / 1000, LoadRunner.HIGHEST_MICROS));
        allocationMicros.recordValueWithCount(micros, replicas);
        placedCount[job] += replicas;
        placed += replicas;
        lastPlacedNanos = Math.max(lastPlacedNanos, nanos);
        if (placedCount[job] == replicas(job)) {
            jobMicros.recordValue(micros);
        }
        notifyAll();
    }

    /** The job number of {@code name}, or -1 when it is not one of ours. */
    int jobNumber(String name) {
        if (!name.startsWith(jobPrefix) || name.length() == jobPrefix.length() || name.length() - jobPrefix.length() > 9) {
            return -1;
        }
        int job = 0;
        for (int i = jobPrefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            job = job * 10 + (c - '0');
        }
        boolean canonical = name.length() == jobPrefix.length() + 1 || name.charAt(jobPrefix.length()) != '0';
        return canonical && job < jobs ? job : -1;
    }

    /** Waits up to {@code millis} for the next placement (or refusal) to be reported. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        wait(Math.max(1, millis));
    }

    synchronized boolean complete(boolean submissionDone) {
        return submissionDone && placed >= expected;
    }

    synchronized long placed() {
        return placed;
    }

    /** Replicas of jobs that were sent and not refused. */
    synchronized long expected() {
        return expected;
    }

    synchronized long failedAllocations() {
        return failedAllocations;
    }

    /** Jobs not yet seen fully placed, for the poller. */
    synchronized int incompleteJobs() {
        int incomplete = 0;
        for (int job = 0; job < jobs; job++) {
            if (countable(job) && placedCount[job] < replicas(job)) {
                incomplete++;
            }
        }
        return incomplete;
    }

    synchronized Histogram allocationMicros() {
        return allocationMicros.copy();
    }

    synchronized Histogram jobMicros() {
        return jobMicros.copy();
    }

    /** From the first {@code POST} to the last replica seen placed (0 before any). */
    synchronized long placingNanos() {
        return placed == 0 ? 0 : lastPlacedNanos - firstSubmitNanos;
    }
}
