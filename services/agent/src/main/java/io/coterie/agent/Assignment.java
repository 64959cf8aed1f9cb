package io.coterie.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.coterie.scheduler.InvalidJobSpecException;
import io.coterie.scheduler.RestartPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One allocation the scheduler placed on this host: the value of {@code sys/sched/allocs/HOST/ALLOC}
 * (docs/scheduling.md). Fields the agent does not use ({@code pid}, {@code priority}) are read for
 * completeness and ignored.
 *
 * @param exclusiveCpus host CPU ids (0..cpus-1) pinned for this allocation; empty for a shared CPU request
 * @param token         handed to the workload as {@code COTERIE_TOKEN}, if present
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Assignment(String id, String job, Integer index, Long pid, String hostId, Long cpuMillis, List<Integer> exclusiveCpus,
                  Long memoryBytes, Integer priority, List<String> command, Map<String, String> env, Restart restart,
                  String token) {

    /** {@code mode} is never, on-failure or always (any case, '-' or '_'); {@code maxRestarts} defaults to 0. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Restart(String mode, Integer maxRestarts) {
    }

    /** Numbers the agent does not need may be left out; the ones it needs are checked by {@link #parse}. */
    Assignment {
        cpuMillis = cpuMillis == null ? 0 : cpuMillis;
        memoryBytes = memoryBytes == null ? 0 : memoryBytes;
        exclusiveCpus = exclusiveCpus == null ? List.of() : List.copyOf(exclusiveCpus);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** Reads and checks the assignment stored for {@code allocId}. */
    static Assignment parse(JsonMapper json, String allocId, byte[] value) {
        Assignment assignment;
        try {
            assignment = json.readValue(value, Assignment.class);
        } catch (JacksonException e) {
            throw new InvalidAssignmentException("the assignment is not valid JSON of the expected shape: " + e.getOriginalMessage());
        }
        return assignment.checkedAs(allocId);
    }

    private Assignment checkedAs(String allocId) {
        if (!allocId.equals(id)) {
            throw new InvalidAssignmentException("the assignment stored as " + allocId + " says its id is " + id);
        }
        if (job == null || job.isBlank()) {
            throw new InvalidAssignmentException("the assignment names no job");
        }
        if (index == null || index < 0) {
            throw new InvalidAssignmentException("the assignment names no replica index");
        }
        if (command.isEmpty()) {
            throw new InvalidAssignmentException("the assignment has no command");
        }
        if (exclusiveCpus.isEmpty() && cpuMillis <= 0) {
            throw new InvalidAssignmentException("the assignment asks for neither CPU millis nor exclusive CPUs");
        }
        if (memoryBytes < 0) {
            throw new InvalidAssignmentException("the assignment asks for negative memory: " + memoryBytes);
        }
        restartPolicy();
        return this;
    }

    boolean exclusive() {
        return !exclusiveCpus.isEmpty();
    }

    /** No restart section means never: the scheduler always writes one, so its absence is not a request to loop. */
    RestartPolicy restartPolicy() {
        if (restart == null || restart.mode() == null) {
            return RestartPolicy.never();
        }
        String mode = restart.mode().strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            RestartPolicy.Mode parsed = RestartPolicy.Mode.valueOf(mode);
            if (parsed == RestartPolicy.Mode.NEVER) {
                return RestartPolicy.never(); // a maximum means nothing when nothing restarts
            }
            return new RestartPolicy(parsed, restart.maxRestarts() == null ? 0 : restart.maxRestarts());
        } catch (InvalidJobSpecException e) {
            throw new InvalidAssignmentException("restart: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidAssignmentException("restart mode must be never, on-failure or always (got '" + restart.mode() + "')");
        }
    }
}
