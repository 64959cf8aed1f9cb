package io.coterie.cgroups;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One workload to run: what to execute and what it may use.
 *
 * @param id          unique within the host; becomes the cgroup name
 * @param command     argv; a bare name is looked up on the PATH of {@code env}
 * @param env         the complete environment: nothing of the agent's own environment leaks in
 *                    (it may hold credentials); PATH defaults to the usual system directories
 * @param memoryBytes memory limit, swap excluded; 0 for none beyond the host's
 * @param logDir      where stdout.log and stderr.log (and their rotations) go
 */
public record WorkloadSpec(String id, List<String> command, Map<String, String> env, Path workingDir,
                           CpuRequest cpu, long memoryBytes, Path logDir, LogRotation logRotation) {

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public WorkloadSpec {
        Names.checkSegment("workload id", id);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("workload " + id + " has an empty command");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(cpu, "cpu");
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must not be negative: " + memoryBytes);
        }
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(logRotation, "logRotation");
    }

    public static Builder builder(String id, List<String> command) {
        return new Builder(id, command);
    }

    /** Defaults: empty environment (PATH only), working directory = log directory, rotation {@link LogRotation#DEFAULT}. */
    public static final class Builder {
        private final String id;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workingDir;
        private CpuRequest cpu;
        private long memoryBytes;
        private Path logDir;
        private LogRotation logRotation = LogRotation.DEFAULT;

        private Builder(String id, List<String> command) {
            this.id = id;
            this.command = command;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder workingDir(Path dir) {
            this.workingDir = dir;
            return this;
        }

        public Builder cpu(CpuRequest request) {
            this.cpu = request;
            return this;
        }

        public Builder cpuMillis(long millis) {
            return cpu(CpuRequest.shared(millis));
        }

        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public Builder logRotation(LogRotation rotation) {
            this.logRotation = rotation;
            return this;
        }

        public WorkloadSpec build() {
            Objects.requireNonNull(cpu, "cpu: say how much CPU the workload gets (cpuMillis or an exclusive request)");
            Objects.requireNonNull(logDir, "logDir");
            return new WorkloadSpec(id, command, env, workingDir == null ? logDir : workingDir, cpu, memoryBytes,
                    logDir, logRotation);
        }
    }
}
