package io.coterie.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gateway finds services through their registrations, which arrive a moment after each
 * service is ready; the ready line promises a working platform, so it waits until one call per
 * service goes through the gateway.
 */
final class DevRoutes {

    /** One cheap call per service behind the gateway: consensus, identity, naming, telemetry, scheduler. */
    private static final List<String> PROBES = List.of("/v1/cluster", "/v1/jwks", "/v1/names?prefix=/sys/services/&limit=1",
            "/v1/telemetry/status", "/v1/scheduler/status");
    private static final Duration PAUSE = Duration.ofMillis(200);

    private DevRoutes() {
    }

    static void awaitRoutable(int gatewayPort, Path tokenFile, Duration timeout) throws IOException, InterruptedException {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String probe : PROBES) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + probe))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        break;
                    }
                    last = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    last = e.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the gateway does not route GET " + probe + " (" + last + ") after "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(PAUSE.toMillis());
            }
        }
    }
}
