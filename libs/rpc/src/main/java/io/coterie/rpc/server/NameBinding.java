package io.coterie.rpc.server;

import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a server's name through the naming API (docs/api.md, Naming), as an ephemeral service
 * entry of a session: the session (TTL {@value #TTL_SECONDS} s) is renewed every
 * {@value #RENEW_SECONDS} s, and when it is lost (the gateway was out of reach longer than its TTL)
 * a new one is opened and the name bound again. Closing ends the session, which unbinds the name;
 * a newer binding by another instance, under another session, is left alone.
 */
public final class NameBinding implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameBinding.class);
    static final int TTL_SECONDS = 10;
    static final int RENEW_SECONDS = 3;
    /** How long the first bind keeps trying while the gateway is unreachable or unavailable. */
    static final Duration FIRST_BIND_PATIENCE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI gateway;
    private final String token;
    private final Endpoint endpoint;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService renewer;
    private long session;
    private boolean closed;

    /** Fails at once: the naming API refused the binding (it will not change its mind). */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private NameBinding(URI gateway, String token, Endpoint endpoint, HttpClient http) {
        this.gateway = gateway;
        this.token = token;
        this.endpoint = endpoint;
        this.http = http;
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rpc-binding" + endpoint.name().replace('/', '-'));
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds through {@code gateway}'s naming API with {@code token}, which needs {@code write} on the name. */
    public static Binder binder(URI gateway, String token) {
        return endpoint -> open(gateway, token, endpoint, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build(), FIRST_BIND_PATIENCE, Duration.ofSeconds(RENEW_SECONDS));
    }

    static NameBinding open(URI gateway, String token, Endpoint endpoint, HttpClient http, Duration patience,
                            Duration renewEvery) throws IOException, InterruptedException {
        NameBinding binding = new NameBinding(gateway, token, endpoint, http);
        binding.bindFirst(patience);
        binding.renewer.scheduleWithFixedDelay(binding::renew, renewEvery.toMillis(), renewEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        return binding;
    }

    private void bindFirst(Duration patience) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + patience.toNanos();
        long pauseMillis = 200;
        while (true) {
            try {
                bind();
                return;
            } catch (Refused e) {
                renewer.shutdownNow();
                throw e;
            } catch (IOException e) {
                if (System.nanoTime() - giveUp > 0) {
                    renewer.shutdownNow();
                    throw new IOException("the naming API at " + gateway + " did not take the binding within "
                            + patience.toMillis() + " ms: " + describe(e), e);
                }
                LOG.warn("Could not bind {} through {} yet, retrying: {}", endpoint.name(), gateway, describe(e));
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 3_000);
            }
        }
    }

    /** Opens a session and binds the name under it. */
    private synchronized void bind() throws IOException, InterruptedException {
        JsonNode opened = send("POST", "/v1/sessions", Map.of("ttlSeconds", TTL_SECONDS));
        long fresh = opened.path("id").asLong();
        if (fresh <= 0) {
            throw new IOException("POST /v1/sessions answered without a session id: " + opened);
        }
        Map<String, Object> instance = Map.of("id", endpoint.instanceId(), "address", endpoint.address(),
                "port", endpoint.port(), "metadata", Map.of(RpcWire.PROTOCOL_METADATA_KEY, RpcWire.PROTOCOL),
                "health", "passing");
        try {
            send("PUT", "/v1/names" + endpoint.name() + "?session=" + fresh,
                    Map.of("kind", "service", "instances", List.of(instance)));
        } catch (IOException e) {
            endQuietly(fresh);
            throw e;
        }
        session = fresh;
        LOG.info("Bound {} to {}:{} (instance {}, session {})", endpoint.name(), endpoint.address(), endpoint.port(),
                endpoint.instanceId(), fresh);
    }

    private synchronized void renew() {
        if (closed) {
            return;
        }
        try {
            send("POST", "/v1/sessions/" + session + "/keepalive", null);
        } catch (Refused e) {
            LOG.warn("Session {} of {} is gone ({}); binding the name again under a new one", session, endpoint.name(),
                    e.getMessage());
            try {
                bind();
            } catch (IOException | RuntimeException again) {
                LOG.warn("Could not bind {} again yet; retrying at the next renewal: {}", endpoint.name(),
                        describe(again));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not renew session {} of {} through {}: {}", session, endpoint.name(), gateway, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the session, which unbinds the name. */
    @Override
    public void close() {
        renewer.shutdownNow();
        long ending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ending = session;
        }
        if (endQuietly(ending)) {
            LOG.info("Unbound {} (ended session {})", endpoint.name(), ending);
        }
    }

    private boolean endQuietly(long id) {
        try {
            send("DELETE", "/v1/sessions/" + id, null);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not end session {} of {}; the name goes when the session expires: {}", id, endpoint.name(),
                    describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** What went wrong, readably: the JDK's connection failures often have no message. */
    static String describe(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Sends one request of the naming API.
     *
     * @throws Refused     for a 4xx answer (other than 429), which retrying will not change
     * @throws IOException for no answer, 429 or 5xx
     */
    private JsonNode send(String verb, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(verb, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", RpcWire.JSON)
                    .method(verb, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        }
        String what = verb + " " + path + " answered " + status + ": " + response.body();
        if (status >= 400 && status < 500 && status != 429) {
            throw new Refused(what);
        }
        throw new IOException(what);
    }
}
