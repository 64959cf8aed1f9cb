package io.coterie.gateway;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param token     the admin token (prefer {@code tokenFile})
 * @param tokenFile a file that holds the admin token
 */
@ConfigurationProperties("coterie.security")
public record GatewaySettings(String token, Path tokenFile) {
}
