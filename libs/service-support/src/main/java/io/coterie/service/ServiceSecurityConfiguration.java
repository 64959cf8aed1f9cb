package io.coterie.service;

import com.nimbusds.jose.JWSAlgorithm;
import io.coterie.api.ProblemType;
import io.coterie.auth.StoreJwkSource;
import io.coterie.auth.TokenClaims;
import io.coterie.consensus.client.ConsensusClient;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Security by default for every service: only readiness answers without a token; everything
 * else needs a Coterie JWT (ES256, issuer {@code coterie}, not expired) whose signing key is in
 * the store's JWK set. Refusals are problem documents; what a token may do is checked with
 * {@link Access}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableWebSecurity
@EnableConfigurationProperties(ServiceHttpProperties.class)
@Import({ProblemExceptionHandler.class, ProblemErrorController.class})
public class ServiceSecurityConfiguration {

    public static final String READINESS = "/actuator/health/readiness";

    @Bean
    ProblemWriter problemWriter(tools.jackson.databind.json.JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    Access access() {
        return new Access();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StoreJwkSource storeJwkSource(ConsensusClient store) {
        return new StoreJwkSource(store);
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(StoreJwkSource keys) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.from(TokenClaims.ALGORITHM))
                .build();
        OAuth2TokenValidator<Jwt> claims = JwtValidators.createDefaultWithIssuer(TokenClaims.ISSUER);
        decoder.setJwtValidator(claims);
        return new CachingJwtDecoder(decoder, claims);
    }

    /** No user database here: tokens are the credentials (and Boot must not invent a password). */
    @Bean
    @ConditionalOnMissingBean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    AuthenticationEntryPoint problemEntryPoint(ProblemWriter problems) {
        return (request, response, e) -> problems.write(request, response, ProblemType.UNAUTHORIZED,
                request.getHeader("Authorization") == null
                        ? "this endpoint needs a bearer token (Authorization: Bearer <token>)"
                        : "the token is not valid: " + e.getMessage());
    }

    @Bean
    AccessDeniedHandler problemAccessDenied(ProblemWriter problems) {
        return (request, response, e) -> problems.write(request, response, ProblemType.FORBIDDEN, "the token does not allow this");
    }

    /** The default chain; a service may add its own chains for special paths, ordered before this one. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    SecurityFilterChain coterieSecurity(HttpSecurity http, AuthenticationEntryPoint entryPoint,
                                        AccessDeniedHandler accessDenied) throws Exception {
        return secure(http, entryPoint, accessDenied).build();
    }

    /** The settings every Coterie chain shares: stateless, bearer JWTs, problem documents, readiness public. */
    public static HttpSecurity secure(HttpSecurity http, AuthenticationEntryPoint entryPoint,
                                      AccessDeniedHandler accessDenied) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(CoterieAuthentication::of))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .authorizeHttpRequests(authorize -> authorize
                        // The request was authorized when it arrived; its async and error dispatches go on.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(READINESS).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied));
    }

    /**
     * Keys travel in URL paths, and a key may hold '%' or ';' (percent-encoded by clients); the
     * firewall's other protections stay on.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowSemicolon(true);
        return firewall;
    }

    /** URLs Spring Security's firewall refuses (such as {@code //}) get a problem document too. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, e) -> problems.write(request, response, ProblemType.INVALID_REQUEST,
                "the URL is not allowed: " + e.getMessage());
    }

    @Bean
    FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(ServiceHttpProperties properties, ProblemWriter problems) {
        FilterRegistrationBean<RequestLimitsFilter> registration =
                new FilterRegistrationBean<>(new RequestLimitsFilter(properties.maxRequestBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
