package io.coterie.gateway.openapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.webflux.api.OpenApiWebfluxResource;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API as one OpenAPI document: the gateway's own (springdoc) and every routed
 * service's, fetched with the caller's token and kept for a short while (the documents do not
 * depend on who asks, only on which versions are running).
 */
final class MergedOpenApi {

    private static final Logger LOG = LoggerFactory.getLogger(MergedOpenApi.class);

    private final RouteDefinitionLocator routes;
    private final ServiceApiDocs services;
    private final OpenApiWebfluxResource gateway;
    private final OpenApiMerger merger;
    private final JsonMapper json;
    private final Duration cacheFor;
    private volatile Cached cached;

    private record Cached(long atNanos, Mono<byte[]> document) {
    }

    MergedOpenApi(RouteDefinitionLocator routes, ServiceApiDocs services, OpenApiWebfluxResource gateway, JsonMapper json,
                  Duration cacheFor) {
        this.routes = routes;
        this.services = services;
        this.gateway = gateway;
        this.merger = new OpenApiMerger(json);
        this.json = json;
        this.cacheFor = cacheFor;
    }

    Mono<byte[]> document(ServerWebExchange exchange) {
        Cached current = cached;
        long now = System.nanoTime();
        if (current != null && now - current.atNanos() < cacheFor.toNanos()) {
            return current.document();
        }
        // Callers who come while it is being built share the one being built.
        Mono<byte[]> fresh = build(exchange).cache();
        cached = new Cached(now, fresh);
        return fresh;
    }

    private Mono<byte[]> build(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return sources().flatMap(sources -> Flux.fromIterable(sources)
                .flatMap(source -> (source.name().equals(ApiSource.GATEWAY) ? own(exchange) : services.fetch(source.name(), authorization))
                        .map(document -> Tuples.of(source.name(), document)))
                .collectList()
                .map(fetched -> {
                    Map<String, JsonNode> documents = new LinkedHashMap<>();
                    fetched.forEach(pair -> pair.getT2().ifPresent(document -> documents.put(pair.getT1(), document)));
                    return json.writeValueAsBytes(merger.merge(OpenApiMerger.ordered(sources, documents),
                            OpenApiMerger.missing(sources, documents)));
                }));
    }

    /** The gateway, then each service its routes lead to (lb://NAME), with the paths that lead there. */
    private Mono<List<ApiSource>> sources() {
        return routes.getRouteDefinitions().collectList().map(definitions -> {
            Map<String, List<String>> patterns = new LinkedHashMap<>();
            for (RouteDefinition route : definitions) {
                if ("lb".equals(route.getUri().getScheme())) {
                    List<String> paths = patterns.computeIfAbsent(route.getUri().getHost(), service -> new ArrayList<>());
                    for (PredicateDefinition predicate : route.getPredicates()) {
                        if (predicate.getName().equals("Path")) {
                            paths.addAll(predicate.getArgs().values());
                        }
                    }
                }
            }
            List<ApiSource> sources = new ArrayList<>();
            sources.add(ApiSource.gateway());
            patterns.forEach((service, paths) -> sources.add(ApiSource.service(service, paths)));
            return sources;
        });
    }

    private Mono<Optional<JsonNode>> own(ServerWebExchange exchange) {
        return Mono.defer(() -> {
                    try {
                        return gateway.openapiJson(exchange.getRequest(), "/v3/api-docs", Locale.ROOT);
                    } catch (Exception e) {
                        return Mono.error(e);
                    }
                })
                .map(body -> Optional.of(json.readTree(body)))
                .onErrorResume(e -> {
                    LOG.warn("The gateway's own OpenAPI document failed; leaving it out", e);
                    return Mono.just(Optional.empty());
                });
    }
}
