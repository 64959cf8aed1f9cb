package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security by default for every service: only readiness answers without a token; everything
 * else needs a valid bearer token, and refusals are problem documents.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableWebSecurity
@EnableConfigurationProperties({ServiceSecurityProperties.class, ServiceHttpProperties.class})
@Import({ProblemExceptionHandler.class, ProblemErrorController.class})
public class ServiceSecurityConfiguration {

    public static final String READINESS = "/actuator/health/readiness";

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier tokenVerifier(ServiceSecurityProperties properties) {
        String token = properties.token();
        if (properties.tokenFile() != null) {
            try {
                token = Files.readString(properties.tokenFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file " + properties.tokenFile(), e);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no admin token configured: set COTERIE_SECURITY_TOKEN_FILE "
                    + "(a file holding the token) or COTERIE_SECURITY_TOKEN");
        }
        return new StaticTokenVerifier(token);
    }

    /** No user database: tokens are the only credentials (and Boot must not invent a password). */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    SecurityFilterChain coterieSecurity(HttpSecurity http, TokenVerifier verifier, ProblemWriter problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(verifier, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        // The request was authorized when it arrived; its async and error dispatches go on.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(READINESS).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> problems.write(request, response,
                                ProblemType.UNAUTHORIZED, "this endpoint needs a bearer token (Authorization: Bearer <token>)"))
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response,
                                ProblemType.FORBIDDEN, "the token does not allow this")));
        return http.build();
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
