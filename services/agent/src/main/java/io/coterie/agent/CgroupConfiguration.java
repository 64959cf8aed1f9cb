package io.coterie.agent;

import io.coterie.cgroups.CgroupDriver;
import io.coterie.cgroups.Cgroups;
import io.coterie.cgroups.CgroupsUnavailableException;
import io.coterie.cgroups.HostCgroup;
import io.coterie.cgroups.HostSpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kernel side of the host: the cgroup driver this machine offers and the host's own group. */
@Configuration(proxyBeanMethods = false)
class CgroupConfiguration {

    /** Where the library's advice to programmers starts; agent users get advice about settings instead. */
    private static final String LIBRARY_ADVICE = ". Fix the cgroup setup";

    @Bean
    CgroupDriver cgroupDriver(AgentSettings settings) {
        return detect(Cgroups.Options.defaults(), settings.monitorOnly());
    }

    static CgroupDriver detect(Cgroups.Options options, boolean monitorOnly) {
        try {
            return Cgroups.detect(options.monitorOnlyIfUnavailable(monitorOnly));
        } catch (CgroupsUnavailableException e) {
            String reason = e.getMessage();
            int advice = reason.indexOf(LIBRARY_ADVICE);
            throw new CgroupsRefusedException("the agent refuses to start: "
                    + (advice > 0 ? reason.substring(0, advice) : reason), e);
        }
    }

    @Bean
    HostCapacity hostCapacity(AgentSettings settings, CgroupDriver driver) {
        return HostCapacity.resolve(settings.cpus(), settings.memory() == null ? null : settings.memory().toBytes(),
                driver.availableCpus(), LocalMachine.memoryBytes());
    }

    /** Re-opens the host's group as it is after an agent restart: its workloads are still in it. */
    @Bean
    HostCgroup hostCgroup(CgroupDriver driver, AgentSettings settings, HostCapacity capacity) {
        HostSpec spec = HostSpec.of(settings.cgroupParent(), settings.hostId(), java.util.Set.copyOf(capacity.machineCpus()),
                capacity.exclusivePool()).withMemoryBytes(capacity.memoryBytes());
        return HostCgroup.create(driver, spec);
    }
}
