package io.coterie.cgroups;

import java.util.OptionalInt;

/**
 * How a workload's main process ended.
 *
 * <p>{@code code} is the value Java reports, which for a process killed by signal N is 128 + N
 * (the JDK folds WIFSIGNALED into that convention, like shells do). {@code signal} is therefore
 * inferred from codes 129..192 and cannot tell a real SIGKILL from a program calling
 * {@code exit(137)}; for the case that matters most, the kernel's OOM killer, {@code oomKilled}
 * comes from the group's own OOM counter and needs no guessing.
 *
 * @param oomKilled the kernel OOM-killed at least one process of the workload's group during
 *                  its life (the main process or a child it depended on)
 */
public record ExitStatus(int code, OptionalInt signal, boolean oomKilled) {

    public enum Kind { EXITED, SIGNALLED, OOM_KILLED }

    static ExitStatus of(int javaExitValue, boolean oomKilled) {
        OptionalInt signal = javaExitValue > 128 && javaExitValue <= 128 + 64
                ? OptionalInt.of(javaExitValue - 128) : OptionalInt.empty();
        return new ExitStatus(javaExitValue, signal, oomKilled);
    }

    public Kind kind() {
        if (oomKilled) {
            return Kind.OOM_KILLED;
        }
        return signal.isPresent() ? Kind.SIGNALLED : Kind.EXITED;
    }

    public boolean succeeded() {
        return code == 0 && !oomKilled;
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case OOM_KILLED -> "OOMKilled (exit " + code + ")";
            case SIGNALLED -> "killed by signal " + signal.getAsInt() + " (exit " + code + ")";
            case EXITED -> "exited with code " + code;
        };
    }
}
