package io.coterie.gateway.grpc;

import io.coterie.gateway.edge.PrincipalRateLimits;
import io.coterie.gateway.rpc.RpcDispatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Application RPC over gRPC (docs/rpc.md, gRPC), served by Spring gRPC on its own port beside the
 * HTTP port; it stops with the gateway, finishing calls in flight for up to
 * {@code spring.grpc.server.shutdown-grace-period} (30 s).
 */
@Configuration(proxyBeanMethods = false)
class RpcGrpcConfiguration {

    @Bean
    static GrpcPortSetting grpcPortSetting(Environment environment) {
        return new GrpcPortSetting(environment);
    }

    @Bean
    AuthorizationMetadata authorizationMetadata() {
        return new AuthorizationMetadata();
    }

    @Bean
    @GrpcService(interceptors = AuthorizationMetadata.class)
    RpcGrpcService rpcGrpcService(ObjectProvider<RpcDispatcher> dispatchers, ReactiveJwtDecoder jwtDecoder,
                                  PrincipalRateLimits rateLimits, JsonMapper json) {
        return new RpcGrpcService(dispatchers, jwtDecoder, rateLimits, new LocalAnswers(json), new GrpcAnswers(json));
    }
}
