package io.coterie.agent;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Startup without usable cgroups ends with one line saying why and what to do, not a stack trace. */
final class CgroupsRefusedAnalyzer extends AbstractFailureAnalyzer<CgroupsRefusedException> {

    static final String ACTION = "Run the agent as root (or give it a writable cgroup subtree), or set "
            + "COTERIE_AGENT_MONITOR_ONLY=true (coterie.agent.monitor-only) to run workloads WITHOUT CPU or memory limits.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CgroupsRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), ACTION, cause);
    }
}
