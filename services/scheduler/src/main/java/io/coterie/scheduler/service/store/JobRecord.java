package io.coterie.scheduler.service.store;

import io.coterie.scheduler.CpuRequest;
import io.coterie.scheduler.JobSpec;
import io.coterie.scheduler.PlacementStrategy;
import io.coterie.scheduler.RestartPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sys/sched/jobs/JOB}: the job as submitted, normalised (exactly one of {@code cpus} and
 * {@code exclusiveCpus}; memory in bytes), with what the scheduler adds. Its spec part is what
 * {@code GET /v1/jobs/NAME} shows as {@code spec}.
 *
 * @param cpus    a share of the shared CPU pool, in CPUs (0.5 is half a core); null for exclusive
 * @param desired {@link #RUNNING} or {@link #STOPPED}
 */
public record JobRecord(String name, List<String> command, Map<String, String> env, BigDecimal cpus,
                        Integer exclusiveCpus, long memoryBytes, int replicas, int priority, List<String> constraints,
                        String strategy, String affinity, RestartRecord restart,
                        String desired, String submittedBy, String submittedAt) {

    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    public boolean running() {
        return RUNNING.equals(desired);
    }

    public JobRecord stopped() {
        return new JobRecord(name, command, env, cpus, exclusiveCpus, memoryBytes, replicas, priority, constraints,
                strategy, affinity, restart, STOPPED, submittedBy, submittedAt);
    }

    /** What placement works with. Throws {@link io.coterie.scheduler.InvalidJobSpecException} naming the rule broken. */
    public JobSpec toSpec() {
        JobSpec.Builder builder = JobSpec.builder(name)
                .env(env == null ? Map.of() : env)
                .cpu(cpuRequest())
                .memoryBytes(memoryBytes)
                .replicas(replicas)
                .priority(priority)
                .strategy(placementStrategy())
                .affinityPath(affinity)
                .restart(restart == null ? RestartPolicy.never() : restart.toPolicy());
        if (command != null && !command.isEmpty()) {
            builder.command(command.get(0)).args(command.subList(1, command.size()));
        }
        if (constraints != null) {
            builder.constraints(constraints.toArray(String[]::new));
        }
        return builder.build();
    }

    /** Millicores for a shared request; the spec parser has checked that cpus has at most three decimals. */
    public CpuRequest cpuRequest() {
        if (exclusiveCpus != null) {
            return CpuRequest.exclusive(exclusiveCpus);
        }
        if (cpus == null) {
            return null;
        }
        return CpuRequest.shared(cpus.movePointRight(3).longValueExact());
    }

    private PlacementStrategy placementStrategy() {
        return strategy == null ? PlacementStrategy.SPREAD : PlacementStrategy.valueOf(strategy.toUpperCase(Locale.ROOT));
    }
}
