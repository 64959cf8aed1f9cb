package io.coterie.agent;

import io.coterie.auth.Action;
import io.coterie.cgroups.CgroupDriver;
import io.coterie.service.Access;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/agent}: this host as the agent sees it. It shows what the host key shows and
 * more, so it needs what reading that key ({@code sys/sched/hosts/HOST}) needs: keys under
 * {@code sys/} take the {@code admin} grant.
 */
@RestController
class AgentController {

    /**
     * @param machineCpus the machine's CPU ids behind host CPUs 0..cpus-1
     * @param driver      how limits are enforced (cgroup version and controllers), or why they are not
     * @param monitorOnly workloads run without CPU or memory limits
     * @param leaseHeld   the host key is in the store under a live lease
     */
    record AgentView(String hostId, int cpus, List<Integer> machineCpus, long memoryBytes, Map<String, String> labels,
                     List<String> dataPaths, String driver, boolean monitorOnly, boolean leaseHeld,
                     List<WorkloadView> workloads) {
    }

    /** @param adopted started by an earlier run of the agent and taken over */
    record WorkloadView(String allocId, String job, Integer index, String state, Long localPid, int restarts,
                        boolean adopted) {
    }

    private final AgentSettings settings;
    private final HostCapacity capacity;
    private final CgroupDriver driver;
    private final HostLease lease;
    private final Supervisor supervisor;
    private final SchedKeys keys;
    private final Access access;

    AgentController(AgentSettings settings, HostCapacity capacity, CgroupDriver driver, HostLease lease,
                    Supervisor supervisor, SchedKeys keys, Access access) {
        this.settings = settings;
        this.capacity = capacity;
        this.driver = driver;
        this.lease = lease;
        this.supervisor = supervisor;
        this.keys = keys;
        this.access = access;
    }

    @GetMapping("/v1/agent")
    AgentView agent() {
        access.require(Action.READ, keys.host());
        List<WorkloadView> workloads = supervisor.allocations().stream()
                .filter(a -> a.assignment != null)
                .map(AgentController::view)
                .sorted(Comparator.comparing(WorkloadView::allocId))
                .toList();
        return new AgentView(settings.hostId(), capacity.cpus(), capacity.machineCpus(), capacity.memoryBytes(),
                settings.labelMap(), settings.dataPaths(), driver.describe(), !driver.isEnforcing(), lease.held(), workloads);
    }

    private static WorkloadView view(Supervised allocation) {
        RunningWorkload run = allocation.run;
        return new WorkloadView(allocation.id, allocation.assignment.job(), allocation.assignment.index(),
                allocation.state.name().toLowerCase(Locale.ROOT), run != null ? run.pid() : null,
                allocation.restarts, run != null && run.adopted());
    }
}
