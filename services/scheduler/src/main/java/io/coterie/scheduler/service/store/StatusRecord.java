package io.coterie.scheduler.service.store;

import tools.jackson.databind.JsonNode;

/**
 * {@code sys/sched/status/ALLOC}, written by the agent on every state change (and by the scheduler,
 * {@code lost} or {@code preempted}, when it takes the allocation away). Read leniently: the agent
 * owns its fields.
 *
 * @param signal passed through as the agent wrote it (a number or a name)
 */
public record StatusRecord(String id, String job, Integer index, String hostId, String state, Integer exitCode,
                           JsonNode signal, Integer restarts, Long localPid, String startedAt, String endedAt,
                           String message, Double cpuSeconds, Long memoryBytes) {

    public static final String RUNNING = "running";
}
