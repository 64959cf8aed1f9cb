package io.coterie.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.coterie.api.ProblemType;
import io.coterie.auth.StoreJwkSource;
import io.coterie.auth.TokenClaims;
import io.coterie.auth.VerifiedTokens;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.NameCache;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge checks tokens the way every service does (ES256, issuer coterie, keys from the store's
 * JWK set), so a request without a valid token never reaches a service; the services check again,
 * and check the grants.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    static final String READINESS = "/actuator/health/readiness";

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    ProblemErrorHandler problemErrorHandler(ProblemResponses problems) {
        return new ProblemErrorHandler(problems);
    }

    /** URLs the firewall refuses ({@code ..}, {@code //}, encoded slashes) get a problem document, not an empty 400. */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemResponses problems) {
        return (exchange, rejected) -> problems.write(exchange, ProblemType.INVALID_REQUEST,
                "the URL is not allowed: " + rejected.getMessage());
    }

    @Bean(destroyMethod = "close")
    ConsensusClient consensusClient(@Value("${coterie.store.members}") String members,
                                    @Value("${coterie.store.cluster-name:coterie}") String clusterName) {
        return ConsensusClient.builder().members(members).clusterName(clusterName)
                .operationTimeout(Duration.ofSeconds(5)).build();
    }

    @Bean(destroyMethod = "close")
    StoreJwkSource storeJwkSource(ConsensusClient store) {
        return new StoreJwkSource(store);
    }

    /** How the routes find services: what registered itself in the namespace. */
    @Bean(destroyMethod = "close")
    NameCache registeredServices(ConsensusClient store) {
        return NameCache.start(store, RegisteredInstances.scope(), Duration.ofMillis(500));
    }

    /** Ready once the registrations are loaded: before that, every route would find nothing. */
    @Bean
    HealthIndicator registrationsHealthIndicator(NameCache registeredServices) {
        return () -> registeredServices.isLoaded()
                ? Health.up().withDetail("stalenessMs", registeredServices.stalenessMillis()).build()
                : Health.down().withDetail("reason", "registrations not loaded from the store yet").build();
    }

    @Bean
    RegisteredInstances registeredInstances(NameCache registeredServices) {
        return new RegisteredInstances(registeredServices);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(StoreJwkSource keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(TokenClaims.ALGORITHM), keys));
        // Claims are checked by Spring's validators below; the processor only verifies the signature.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(jwt ->
                Mono.fromCallable(() -> processor.process(jwt, null))
                        .subscribeOn(Schedulers.boundedElastic())
                        // A token that does not verify is the caller's problem (401), not ours (500).
                        .onErrorMap(BadJOSEException.class, e -> new BadJwtException(e.getMessage(), e)));
        OAuth2TokenValidator<Jwt> claims = JwtValidators.createDefaultWithIssuer(TokenClaims.ISSUER);
        decoder.setJwtValidator(claims);
        // A signature is verified once per token (see VerifiedTokens); the claims on every request.
        VerifiedTokens<Jwt> verified = new VerifiedTokens<>();
        return token -> {
            Jwt cached = verified.cached(token);
            if (cached == null) {
                return decoder.decode(token).doOnNext(jwt -> verified.remember(token, jwt, jwt.getExpiresAt()));
            }
            OAuth2TokenValidatorResult result = claims.validate(cached);
            return result.hasErrors()
                    ? Mono.error(new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors()))
                    : Mono.just(cached);
        };
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveJwtDecoder decoder, ProblemResponses problems) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                // Every request carries its bearer token: no session to keep, and none to create per
                // request (a WebSession per call cost two thread hand-offs; docs/benchmarks.md, RPC).
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(READINESS).permitAll()
                        // Logging in: identity checks the Basic credentials (or the bearer token) itself.
                        .pathMatchers(HttpMethod.POST, "/v1/tokens").permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint((exchange, e) -> problems.write(exchange, ProblemType.UNAUTHORIZED,
                                exchange.getRequest().getHeaders().getFirst("Authorization") == null
                                        ? "this endpoint needs a bearer token (Authorization: Bearer <token>)"
                                        : "the token is not valid: " + e.getMessage()))
                        .accessDeniedHandler((exchange, e) -> problems.write(exchange, ProblemType.FORBIDDEN,
                                "the token does not allow this")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> problems.write(exchange, ProblemType.UNAUTHORIZED,
                                "this endpoint needs a bearer token (Authorization: Bearer <token>)")))
                .build();
    }
}
