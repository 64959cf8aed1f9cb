package io.coterie.gateway.openapi;

import io.coterie.gateway.edge.EdgeProperties;
import org.springdoc.webflux.api.OpenApiWebfluxResource;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Services' documents can be large: up to 8 MiB each. */
    private static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

    @Bean
    MergedOpenApi mergedOpenApi(RouteDefinitionLocator routes, WebClient.Builder clients,
                                ReactorLoadBalancerExchangeFilterFunction loadBalancer, OpenApiWebfluxResource gateway,
                                JsonMapper json, EdgeProperties properties) {
        WebClient balanced = clients.clone().filter(loadBalancer)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_DOCUMENT_BYTES)).build();
        return new MergedOpenApi(routes, new ServiceApiDocs(balanced, json, properties.openapi().fetchTimeout()), gateway, json,
                properties.openapi().cacheFor());
    }
}
