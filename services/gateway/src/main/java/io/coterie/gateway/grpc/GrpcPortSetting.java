package io.coterie.gateway.grpc;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.env.Environment;

/**
 * The gRPC port is a gateway setting like the others, {@code coterie.gateway.grpc-port}
 * ({@code COTERIE_GATEWAY_GRPC_PORT}, 9090 by default, 0 for any free port); Spring gRPC's own
 * {@code spring.grpc.server.port} still applies when that is not set.
 *
 * <p>A gateway whose HTTP port is random ({@code server.port=0}, as in tests) gets a random gRPC
 * port too unless one is set, as Spring Boot does for the management port: test contexts side by
 * side in one JVM, and test runs side by side on one machine, would otherwise all want 9090.
 */
final class GrpcPortSetting implements BeanPostProcessor {

    static final String PROPERTY = "coterie.gateway.grpc-port";

    private final Environment environment;

    GrpcPortSetting(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // Runs after Spring has bound the properties (its binder is ordered first), so this has the last word.
        if (bean instanceof GrpcServerProperties server) {
            Integer port = environment.getProperty(PROPERTY, Integer.class);
            if (port != null) {
                server.setPort(port);
            } else if (!environment.containsProperty("spring.grpc.server.port") && "0".equals(environment.getProperty("server.port"))) {
                server.setPort(0);
            }
        }
        return bean;
    }
}
