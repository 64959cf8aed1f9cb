package io.coterie.registration;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.ServiceRegistrar;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.core.env.Environment;

/**
 * Registers this service as {@code /sys/services/NAME/INSTANCE} (NAME: {@code
 * spring.application.name}) once its web server listens, and unregisters before the web server
 * drains on shutdown: the namespace lists the instances that serve, and a killed instance leaves
 * it one TTL after its last renewal.
 */
@AutoConfiguration(afterName = "io.coterie.service.StoreClientConfiguration")
@ConditionalOnBean(ConsensusClient.class)
@EnableConfigurationProperties(SelfRegistrationConfiguration.Settings.class)
@ConditionalOnProperty(name = "coterie.registration.enabled", havingValue = "true", matchIfMissing = true)
public class SelfRegistrationConfiguration {

    /**
     * {@code coterie.registration.*} ({@code COTERIE_REGISTRATION_*}).
     *
     * @param instanceId this instance's name segment; by default {@code HOST-PORT}
     * @param address    the address others reach it at; by default {@code server.address}, else this host's address
     */
    @ConfigurationProperties("coterie.registration")
    public record Settings(@DefaultValue("true") boolean enabled, String instanceId, String address,
                    @DefaultValue("10s") Duration ttl, @DefaultValue("3s") Duration renewEvery) {
    }

    @Bean
    SmartLifecycle selfRegistration(ConsensusClient store, Settings settings, ApplicationContext application,
                                    Environment environment) {
        return new SmartLifecycle() {
            private volatile ServiceRegistrar registrar;

            /** The default phase: after the web server has started, and stopped before it drains. */
            @Override
            public void start() {
                if (!(application instanceof WebServerApplicationContext context) || context.getWebServer() == null) {
                    return; // no server, nothing to reach: a test context without a port, say
                }
                int port = context.getWebServer().getPort();
                String address = settings.address() != null ? settings.address()
                        : environment.getProperty("server.address", localAddress());
                String instance = settings.instanceId() != null ? settings.instanceId() : segment(localHostName() + "-" + port);
                registrar = ServiceRegistrar.builder(store, environment.getRequiredProperty("spring.application.name"), instance)
                        .address(address).port(port).ttl(settings.ttl()).renewEvery(settings.renewEvery())
                        .build().start();
            }

            @Override
            public void stop() {
                ServiceRegistrar running = registrar;
                if (running != null) {
                    running.close();
                    registrar = null;
                }
            }

            @Override
            public boolean isRunning() {
                return registrar != null;
            }
        };
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A host name may hold characters a name segment may not (IPv6 colons, say). */
    private static String segment(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
