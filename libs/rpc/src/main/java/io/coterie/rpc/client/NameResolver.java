package io.coterie.rpc.client;

import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the workloads bound under a name through {@code GET /v1/names/...}, remembering each
 * answer for a short while (at most {@code maxAge} stale), and hands out their instances in turn.
 */
final class NameResolver {

    private final URI gateway;
    private final String token;
    private final HttpClient http;
    private final long maxAgeNanos;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ConcurrentHashMap<String, Resolution> cache = new ConcurrentHashMap<>();

    /** The callable instances of a name at one moment. */
    private record Resolution(List<URI> instances, long resolvedAtNanos, AtomicInteger turn) {
        URI next() {
            return instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
        }
    }

    /** The naming API would not say where the name is: the answer to give the caller instead of calling. */
    static final class Unresolved extends Exception {
        final int status;
        final String contentType;
        final byte[] body;

        Unresolved(int status, String contentType, byte[] body, String message) {
            super(message, null, false, false);
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    NameResolver(URI gateway, String token, HttpClient http, Duration maxAge) {
        this.gateway = gateway;
        this.token = token;
        this.http = http;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * The next instance to call for {@code name}.
     *
     * @param fresh ignore what is remembered (after a refused connection)
     * @return the instance's base address, or null when the name has no callable instance
     */
    URI instance(String name, boolean fresh, Duration timeout) throws Unresolved, IOException, InterruptedException {
        Resolution known = cache.get(name);
        if (fresh || known == null || System.nanoTime() - known.resolvedAtNanos() > maxAgeNanos) {
            known = resolve(name, timeout);
            cache.put(name, known);
        }
        return known.instances().isEmpty() ? null : known.next();
    }

    private Resolution resolve(String name, Duration timeout) throws Unresolved, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/names" + name)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new Unresolved(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/problem+json"), response.body(),
                    "GET /v1/names" + name + " answered " + response.statusCode());
        }
        return new Resolution(callable(response.body()), System.nanoTime(), new AtomicInteger());
    }

    /** The instances of a service entry that speak this protocol and are not known to be down. */
    private List<URI> callable(byte[] entry) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(entry);
        } catch (JacksonException e) {
            throw new IOException("the naming API answered something that is not JSON", e);
        }
        List<URI> instances = new ArrayList<>();
        if (!"service".equals(root.path("kind").asString(""))) {
            return instances;
        }
        for (JsonNode instance : root.path("instances")) {
            boolean speaksRpc = RpcWire.PROTOCOL.equals(instance.path("metadata").path(RpcWire.PROTOCOL_METADATA_KEY).asString(""));
            boolean down = "critical".equals(instance.path("health").asString(""));
            String address = instance.path("address").asString("");
            int port = instance.path("port").asInt(0);
            if (speaksRpc && !down && !address.isEmpty() && port > 0) {
                String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
                instances.add(URI.create("http://" + host + ":" + port));
            }
        }
        return instances;
    }
}
