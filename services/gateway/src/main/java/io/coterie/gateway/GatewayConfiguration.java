package io.coterie.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    ProblemErrorHandler problemErrorHandler(ProblemResponses problems) {
        return new ProblemErrorHandler(problems);
    }

    @Bean
    TokenWebFilter tokenWebFilter(GatewaySettings settings, ProblemResponses problems) {
        String token = settings.token();
        if (settings.tokenFile() != null) {
            try {
                token = Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file " + settings.tokenFile(), e);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no admin token configured: set COTERIE_SECURITY_TOKEN_FILE "
                    + "(a file holding the token) or COTERIE_SECURITY_TOKEN");
        }
        return new TokenWebFilter(token, problems);
    }
}
