package io.coterie.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev platform's credentials: the root secret identity bootstraps {@code root} with (kept,
 * mode 0600), and a fresh 30-day root token for the CLI at every start.
 */
final class DevToken {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final long TTL_SECONDS = Duration.ofDays(30).toSeconds();

    private DevToken() {
    }

    /** The root secret, created on the first start. */
    static void ensureRootSecret(Path file) throws IOException {
        if (Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        writePrivately(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Logs in as root with the secret and writes the token where the CLI looks for it. */
    static void refresh(Path rootSecret, Path tokenFile, int identityPort) throws IOException, InterruptedException {
        String secret = Files.readString(rootSecret, StandardCharsets.UTF_8).trim();
        String basic = Base64.getEncoder().encodeToString(("root:" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + identityPort + "/v1/tokens"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlSeconds\":" + TTL_SECONDS + "}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IOException("identity refused the root login (HTTP " + response.statusCode() + "): " + response.body());
        }
        writePrivately(tokenFile, token.group(1));
    }

    private static void writePrivately(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
