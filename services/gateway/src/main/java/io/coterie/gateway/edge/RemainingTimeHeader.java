package io.coterie.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the service how long the gateway still waits: {@code Coterie-Timeout: <ms left>} on every
 * attempt (a retry has less), so the service can skip work nobody waits for.
 */
final class RemainingTimeHeader implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        RouteDeadline deadline = exchange.getAttribute(RouteDeadline.ATTRIBUTE);
        if (deadline == null || !deadline.bounded()) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        // At least 1: 0 is not a valid value, and a call with nothing left is cut off here anyway.
        headers.set(RouteDeadline.HEADER, Long.toString(Math.max(1, deadline.remaining().toMillis())));
        return headers;
    }
}
