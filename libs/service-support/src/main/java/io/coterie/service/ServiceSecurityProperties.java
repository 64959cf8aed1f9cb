package io.coterie.service;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service authenticates callers. Give the admin token itself ({@code COTERIE_SECURITY_TOKEN})
 * or, better, a file that holds it ({@code COTERIE_SECURITY_TOKEN_FILE}), so it stays out of
 * process listings.
 */
@ConfigurationProperties("coterie.security")
public record ServiceSecurityProperties(String token, Path tokenFile) {
}
