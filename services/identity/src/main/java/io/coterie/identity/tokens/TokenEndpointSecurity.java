package io.coterie.identity.tokens;

import io.coterie.api.ProblemType;
import io.coterie.identity.directory.PrincipalRepository;
import io.coterie.identity.directory.SecretEncoder;
import io.coterie.service.ProblemWriter;
import io.coterie.service.ServiceSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * {@code /v1/tokens} is the one place that takes a principal's secret (HTTP Basic), besides the
 * bearer tokens every endpoint takes (an admin asking for someone else's token). Its chain comes
 * before the default one and shares its settings. Wrong secrets are throttled per principal
 * ({@link LoginThrottle}): 429 with Retry-After.
 */
@Configuration(proxyBeanMethods = false)
class TokenEndpointSecurity {

    static final String PATH = "/v1/tokens";
    /** The same words for an unknown principal and a wrong secret: the answer must not say which names exist. */
    static final String WRONG_CREDENTIALS = "wrong principal name or secret";

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 20)
    SecurityFilterChain tokenEndpoint(HttpSecurity http, AuthenticationEntryPoint entryPoint, AccessDeniedHandler accessDenied,
                                      PrincipalRepository principals, SecretEncoder encoder, ProblemWriter problems)
            throws Exception {
        DaoAuthenticationProvider secrets = new DaoAuthenticationProvider(new PrincipalCredentials(principals));
        secrets.setPasswordEncoder(encoder);
        AuthenticationEntryPoint basicRefused = (request, response, e) -> {
            if (e instanceof ThrottledSecrets.LoginThrottled throttled) {
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                problems.write(request, response, ProblemType.RATE_LIMITED, throttled.getMessage());
            } else {
                problems.write(request, response, ProblemType.UNAUTHORIZED, WRONG_CREDENTIALS);
            }
        };
        return ServiceSecurityConfiguration.secure(http.securityMatcher(PATH), entryPoint, accessDenied)
                .authenticationProvider(new ThrottledSecrets(secrets, new LoginThrottle()))
                .httpBasic(basic -> basic.authenticationEntryPoint(basicRefused))
                .build();
    }
}
