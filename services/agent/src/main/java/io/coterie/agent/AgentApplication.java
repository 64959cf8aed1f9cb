package io.coterie.agent;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The per-host agent: runs what the scheduler assigns to this host, in enforced cgroups. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AgentApplication.class);
        // The host id names the service registration too (application.properties); its default needs code.
        application.setDefaultProperties(Map.of("coterie.agent.host-id", LocalMachine.hostName()));
        application.run(args);
    }
}
