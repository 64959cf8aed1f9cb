package io.coterie.agent;

/**
 * The agent will not run workloads it cannot limit unless told to ({@code coterie.agent.monitor-only}):
 * a host that silently stops enforcing breaks its promises to its neighbours.
 */
final class CgroupsRefusedException extends RuntimeException {

    CgroupsRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
