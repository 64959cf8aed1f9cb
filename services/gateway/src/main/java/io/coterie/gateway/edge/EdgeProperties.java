package io.coterie.gateway.edge;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code coterie.gateway.*}: what the public port allows each caller (docs/operations.md, gateway).
 *
 * @param rateLimit          requests per principal (anonymous callers: per client address)
 * @param maxRequestSize     the largest request body on a service route
 * @param rpcMaxRequestSize  the largest request body under {@code /v1/rpc/} (docs/rpc.md)
 * @param responseTimeout    how long a routed call waits for the answer to begin when the caller sent no {@code Coterie-Timeout}
 * @param streams            paths of long-lived streams: no default response timeout
 * @param openapi            the merged OpenAPI document
 */
@ConfigurationProperties("coterie.gateway")
public record EdgeProperties(
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("4MB") DataSize maxRequestSize,
        @DefaultValue("256KB") DataSize rpcMaxRequestSize,
        @DefaultValue("30s") Duration responseTimeout,
        @DefaultValue({"/v1/watch", "/v1/watch/names", "/v1/telemetry/tail"}) List<String> streams,
        @DefaultValue OpenApi openapi) {

    public EdgeProperties {
        if (maxRequestSize.toBytes() < 1 || rpcMaxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("coterie.gateway.max-request-size and rpc-max-request-size must be at least 1 byte");
        }
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("coterie.gateway.response-timeout must be positive, got " + responseTimeout);
        }
    }

    /**
     * A token bucket per principal. The defaults are above what one gateway serves on the dev VM
     * (about 2,000 requests/s), so that benchmarks through the gateway with one token are not
     * throttled; lower them to share a gateway fairly among principals.
     *
     * @param perSecond tokens added per second (the sustained rate)
     * @param burst     the bucket's size: how many requests may come at once after a quiet spell
     */
    public record RateLimit(@DefaultValue("5000") double perSecond, @DefaultValue("10000") int burst) {
        public RateLimit {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("coterie.gateway.rate-limit: per-second must be above 0 and burst at least 1");
            }
        }
    }

    /**
     * @param cacheFor     how long a merged document is served before the services are asked again
     * @param fetchTimeout how long each service's own document may take
     */
    public record OpenApi(@DefaultValue("10s") Duration cacheFor, @DefaultValue("5s") Duration fetchTimeout) {
    }
}
