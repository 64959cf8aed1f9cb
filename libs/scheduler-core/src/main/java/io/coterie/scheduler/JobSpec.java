package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user asks the scheduler to run. Validated on construction: a broken spec throws
 * {@link InvalidJobSpecException} naming the rule, so nothing downstream has to re-check.
 * The command, arguments and environment are for the host agent; placement never reads them.
 *
 * @param priority     0..1000, higher matters more: a job may preempt allocations of strictly
 *                     lower priority when nothing fits otherwise
 * @param affinityPath a naming path (such as {@code /data/logs}) whose holders the job prefers, to
 *                     move the process closer to its data; a soft preference, see {@link Placer}
 */
public record JobSpec(
        String name,
        String command,
        List<String> args,
        Map<String, String> env,
        Resources resources,
        int replicas,
        int priority,
        List<LabelConstraint> constraints,
        PlacementStrategy strategy,
        Optional<String> affinityPath,
        RestartPolicy restart) {

    public static final String NAME_RULE = "[a-z0-9][a-z0-9-]{0,62}";
    public static final int MAX_REPLICAS = 1000;
    public static final int MAX_PRIORITY = 1000;
    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    public JobSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidJobSpecException("name must match " + NAME_RULE + " (got '" + name + "')");
        }
        if (command == null || command.isBlank()) {
            throw new InvalidJobSpecException("command must not be blank");
        }
        args = List.copyOf(requireNoNulls(args, "args"));
        env = Map.copyOf(requireNoNulls(env));
        if (resources == null) {
            throw new InvalidJobSpecException("resources are required");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new InvalidJobSpecException("replicas must be between 1 and " + MAX_REPLICAS + " (got " + replicas + ")");
        }
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new InvalidJobSpecException("priority must be between 0 and " + MAX_PRIORITY + " (got " + priority + ")");
        }
        constraints = List.copyOf(requireNoNulls(constraints, "constraints"));
        if (strategy == null) {
            throw new InvalidJobSpecException("strategy is required (SPREAD or BINPACK)");
        }
        if (affinityPath == null) {
            affinityPath = Optional.empty();
        }
        affinityPath.map(DataPath::violation).ifPresent(violation -> {
            throw new InvalidJobSpecException("affinity path " + violation);
        });
        if (restart == null) {
            throw new InvalidJobSpecException("restart policy is required");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public CpuRequest cpu() {
        return resources.cpu();
    }

    public long memoryBytes() {
        return resources.memoryBytes();
    }

    private static <T> List<T> requireNoNulls(List<T> values, String what) {
        // List.of(...).contains(null) throws rather than answers, so look at each value.
        if (values == null || values.stream().anyMatch(Objects::isNull)) {
            throw new InvalidJobSpecException(what + " must not be or contain null");
        }
        return values;
    }

    private static Map<String, String> requireNoNulls(Map<String, String> env) {
        if (env == null || env.entrySet().stream().anyMatch(entry -> entry.getKey() == null || entry.getValue() == null)) {
            throw new InvalidJobSpecException("env must not be or contain null");
        }
        return env;
    }

    /** Defaults: one replica, priority 0, no constraints, SPREAD, no affinity, restart NEVER. CPU and memory have none. */
    public static final class Builder {
        private final String name;
        private String command;
        private List<String> args = List.of();
        private Map<String, String> env = Map.of();
        private CpuRequest cpu;
        private long memoryBytes;
        private int replicas = 1;
        private int priority;
        private final List<LabelConstraint> constraints = new ArrayList<>();
        private PlacementStrategy strategy = PlacementStrategy.SPREAD;
        private String affinityPath;
        private RestartPolicy restart = RestartPolicy.never();

        private Builder(String name) {
            this.name = name;
        }

        public Builder command(String command, String... args) {
            this.command = command;
            this.args = List.of(args);
            return this;
        }

        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        public Builder cpu(CpuRequest cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = memoryBytes;
            return this;
        }

        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** Adds constraints written as {@code key=value} or {@code key!=value}. */
        public Builder constraints(String... constraints) {
            for (String constraint : constraints) {
                this.constraints.add(LabelConstraint.parse(constraint));
            }
            return this;
        }

        public Builder constraint(LabelConstraint constraint) {
            this.constraints.add(constraint);
            return this;
        }

        public Builder strategy(PlacementStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder affinityPath(String path) {
            this.affinityPath = path;
            return this;
        }

        public Builder restart(RestartPolicy restart) {
            this.restart = restart;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(name, command, args, env, new Resources(cpu, memoryBytes), replicas, priority,
                    constraints, strategy, Optional.ofNullable(affinityPath), restart);
        }
    }
}
