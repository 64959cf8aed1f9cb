package io.coterie.gateway.openapi;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service's own OpenAPI document ({@code /v3/api-docs}), from one of its instances through the load balancer. */
final class ServiceApiDocs {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceApiDocs.class);
    private static final String PATH = "/v3/api-docs";

    private final WebClient balanced;
    private final JsonMapper json;
    private final Duration timeout;

    /** @param balanced a client whose host names are service names, resolved by the load balancer */
    ServiceApiDocs(WebClient balanced, JsonMapper json, Duration timeout) {
        this.balanced = balanced;
        this.json = json;
        this.timeout = timeout;
    }

    /** Empty when the service cannot give it now (no instance, an error, too slow): the merged document goes on without it. */
    Mono<Optional<JsonNode>> fetch(String service, String authorization) {
        return balanced.get().uri("http://" + service + PATH)
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .retrieve()
                .bodyToMono(byte[].class)
                .timeout(timeout)
                .map(body -> Optional.of(json.readTree(body)))
                .onErrorResume(e -> {
                    LOG.info("Leaving {} out of the OpenAPI document: {}", service, e.toString());
                    return Mono.just(Optional.empty());
                })
                .defaultIfEmpty(Optional.empty());
    }
}
