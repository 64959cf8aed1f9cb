package io.coterie.gateway.edge;

import io.coterie.gateway.ProblemResponses;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the public port allows: rate and size limits, deadlines, retries, circuit breakers and bulkheads per service. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    @Bean
    PrincipalRateLimits principalRateLimits(EdgeProperties properties) {
        return new PrincipalRateLimits(properties.rateLimit().perSecond(), properties.rateLimit().burst());
    }

    @Bean
    RateLimitFilter rateLimitFilter(PrincipalRateLimits limits, ProblemResponses problems) {
        return new RateLimitFilter(limits, problems);
    }

    @Bean
    RequestSizeLimitFilter requestSizeLimitFilter(EdgeProperties properties, ProblemResponses problems) {
        return new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), properties.rpcMaxRequestSize().toBytes(), problems);
    }

    @Bean
    RouteDeadlineFilter routeDeadlineFilter(EdgeProperties properties, ProblemResponses problems) {
        return new RouteDeadlineFilter(properties.responseTimeout(), Set.copyOf(properties.streams()), problems);
    }

    @Bean
    RemainingTimeHeader remainingTimeHeader() {
        return new RemainingTimeHeader();
    }

    @Bean
    BackendProtectionFilter backendProtectionFilter(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
                                                    EdgeProperties properties) {
        return new BackendProtectionFilter(breakers, bulkheads, properties.responseTimeout());
    }

    @Bean
    IdempotentRetryGatewayFilterFactory idempotentRetryGatewayFilterFactory() {
        return new IdempotentRetryGatewayFilterFactory();
    }
}
