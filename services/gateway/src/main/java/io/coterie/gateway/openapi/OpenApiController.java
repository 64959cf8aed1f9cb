package io.coterie.gateway.openapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /v1/openapi.json}: the whole public API in one OpenAPI document. */
@RestController
@Tag(name = "API description")
class OpenApiController {

    private final MergedOpenApi merged;

    OpenApiController(MergedOpenApi merged) {
        this.merged = merged;
    }

    @GetMapping(path = "/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The whole public API as one OpenAPI 3 document",
            description = "Every service's API as the gateway routes it, and the gateway's own, with server URL /. A service "
                    + "that cannot be reached is left out and named in x-coterie-missing. Kept for a few seconds.")
    Mono<ResponseEntity<byte[]>> openapi(ServerWebExchange exchange) {
        return merged.document(exchange).map(document -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document));
    }
}
