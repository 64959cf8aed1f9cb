package io.coterie.agent;

import io.coterie.cgroups.CgroupDriver;
import io.coterie.cgroups.HostCgroup;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.service.StoreProperties;
import io.coterie.telemetry.client.TelemetryClient;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** How the agent's parts fit together. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    @Bean
    SchedKeys schedKeys(AgentSettings settings) {
        return new SchedKeys(settings.hostId());
    }

    @Bean
    AllocationLogs allocationLogs(AgentSettings settings) {
        return new AllocationLogs(settings.stateDir().resolve("logs"));
    }

    @Bean(destroyMethod = "close")
    UsagePublisher usagePublisher(AgentSettings settings) {
        if (!settings.publishesTelemetry()) {
            return UsagePublisher.disabled();
        }
        return UsagePublisher.to(TelemetryClient.builder()
                .bootstrapServers(settings.telemetry().kafka().bootstrapServers())
                .producerName("agent-" + settings.hostId())
                .spoolDirectory(settings.stateDir().resolve("telemetry-spool"))
                .build(), settings.hostId());
    }

    /** The host key's value is made at registration, once the HTTP port is known. */
    @Bean
    HostLease hostLease(ConsensusClient store, SchedKeys keys, AgentSettings settings, HostCapacity capacity,
                        CgroupDriver driver, JsonMapper json, WebServerApplicationContext context, Environment environment) {
        Instant startedAt = Instant.now();
        // Where others reach this host: where it registers as a service, by default this machine's address.
        String address = environment.getProperty("coterie.registration.address",
                environment.getProperty("server.address", LocalMachine.address()));
        return new HostLease(store, keys.host(), () -> json.writeValueAsBytes(new HostRecord(settings.hostId(), address,
                context.getWebServer().getPort(), capacity.cpus(), capacity.memoryBytes(), settings.labelMap(),
                settings.dataPaths(), !driver.isEnforcing(), startedAt)), settings.leaseTtl(), settings.leaseRenewEvery());
    }

    @Bean(destroyMethod = "close")
    AssignmentFeed assignmentFeed(ConsensusClient store, SchedKeys keys, StoreProperties storeSettings) {
        return new AssignmentFeed(store, keys, storeSettings.operationTimeout());
    }

    @Bean
    Supervisor supervisor(HostCgroup host, AssignmentFeed feed, ConsensusClient store, SchedKeys keys, HostCapacity capacity,
                          AllocationLogs logs, UsagePublisher usage, JsonMapper json, AgentSettings settings,
                          StoreProperties storeSettings, HostLease lease) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(named("agent-supervisor"));
        ExecutorService stopper = Executors.newCachedThreadPool(named("agent-stopper"));
        StatusStore statuses = new StatusStore(store, keys, json, thread, storeSettings.operationTimeout());
        WorkloadSpecs specs = new WorkloadSpecs(capacity, logs, settings.hostId());
        return new Supervisor(host, feed, statuses, specs, usage, json, settings.hostId(), settings.stopGrace(),
                lease::held, thread, stopper);
    }

    @Bean
    Agent agent(AgentSettings settings, HostCapacity capacity, CgroupDriver driver, HostLease lease, AssignmentFeed feed,
                Supervisor supervisor, AllocationLogs logs) {
        return new Agent(settings, capacity, driver, lease, feed, supervisor, logs);
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
