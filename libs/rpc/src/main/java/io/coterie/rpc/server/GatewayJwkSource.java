package io.coterie.rpc.server;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys as {@code GET {COTERIE_ADDR}/v1/jwks} gives them (read with the workload's own
 * token). Fetched on first use and again when a token names a key not seen yet, at most once per
 * {@code refetchPause}, so a rotated key is picked up and a flood of forged kids cannot make every
 * call a round trip.
 */
final class GatewayJwkSource implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayJwkSource.class);

    private final URI jwksUri;
    private final String token;
    private final HttpClient http;
    private final long refetchPauseNanos;
    private volatile JWKSet keys;
    private long lastFetch;

    GatewayJwkSource(URI gateway, String token, HttpClient http, Duration refetchPause) {
        this.jwksUri = gateway.resolve("/v1/jwks");
        this.token = token;
        this.http = http;
        this.refetchPauseNanos = refetchPause.toNanos();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSet known = keys;
        if (known != null) {
            List<JWK> matches = selector.select(known);
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        return selector.select(refetchIfDue());
    }

    private synchronized JWKSet refetchIfDue() throws KeySourceException {
        long now = System.nanoTime();
        if (keys != null && now - lastFetch < refetchPauseNanos) {
            return keys;
        }
        lastFetch = now;
        try {
            keys = fetch();
            LOG.info("Read the signing keys from {}: {}", jwksUri, keys.getKeys().stream().map(JWK::getKeyID).toList());
        } catch (IOException | ParseException | RuntimeException e) {
            if (keys == null) {
                throw new KeySourceException("cannot read the signing keys from " + jwksUri + ": " + e.getMessage(), e);
            }
            LOG.warn("Could not re-read the signing keys from {}; keeping the ones read before: {}", jwksUri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while reading the signing keys", e);
        }
        return keys;
    }

    private JWKSet fetch() throws IOException, InterruptedException, ParseException {
        HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + jwksUri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JWKSet.parse(response.body());
    }
}
