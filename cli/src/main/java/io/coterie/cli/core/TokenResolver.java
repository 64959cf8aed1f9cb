package io.coterie.cli.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the bearer token: {@code --token}, then {@code COTERIE_TOKEN}, then {@code var/dev/token}
 * in the working directory, then in the checkout the {@code ./coterie} script runs from
 * ({@code COTERIE_HOME}), so the CLI finds the dev token from any directory.
 */
public final class TokenResolver {

    public static final String ENV = "COTERIE_TOKEN";
    public static final String HOME_ENV = "COTERIE_HOME";
    public static final Path DEV_TOKEN_FILE = Path.of("var", "dev", "token");

    private TokenResolver() {
    }

    public static Optional<String> resolve(String flag, CliContext context) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag.trim());
        }
        String fromEnv = context.getenv(ENV);
        if (fromEnv != null) {
            return Optional.of(fromEnv.trim());
        }
        Optional<String> here = readDevToken(context.cwd().resolve(DEV_TOKEN_FILE));
        String home = context.getenv(HOME_ENV);
        if (here.isPresent() || home == null || home.isBlank()) {
            return here;
        }
        return readDevToken(Path.of(home).resolve(DEV_TOKEN_FILE));
    }

    private static Optional<String> readDevToken(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            // An unreadable dev token is the same as none: the server will say 401 clearly.
            return Optional.empty();
        }
    }
}
