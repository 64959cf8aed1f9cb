package io.coterie.rpc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two gateway routes the RPC library reads, on a real socket: {@code GET /v1/jwks} (the public
 * half of keys this stub signs tokens with) and {@code GET /v1/names/...} (entries the test sets),
 * the keys only with the workload's own token. Counts what it was asked.
 */
public final class StubGateway implements AutoCloseable {

    public static final String OWN_TOKEN_SUBJECT = "workload";

    static {
        // The JDK server reads its TCP_NODELAY setting once, when the first server of the JVM starts:
        // let RpcServer set it (as it would in a workload, where it starts first) before this stub starts.
        try {
            Class.forName("io.coterie.rpc.server.RpcServer", true, StubGateway.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private final HttpServer http;
    private volatile List<ECKey> keys;
    private volatile boolean jwksDown;
    private final String ownToken;
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    /** Which session each ephemeral name belongs to. */
    private final Map<String, Long> entrySessions = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong(100);
    private final AtomicInteger keepalives = new AtomicInteger();
    private volatile int bindStatus = 200;
    private final AtomicInteger jwksReads = new AtomicInteger();
    private final AtomicInteger nameReads = new AtomicInteger();

    public StubGateway() {
        keys = List.of(TokenSigner.newKey("k1"));
        ownToken = token(OWN_TOKEN_SUBJECT, "write:/robots/", "read:/robots/");
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/v1/jwks", this::jwks);
        http.createContext("/v1/names/", this::names);
        http.createContext("/v1/sessions", this::sessions);
        http.start();
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The token the workload reads the gateway with. */
    public String ownToken() {
        return ownToken;
    }

    /** A token for {@code subject} with {@code grants}, signed by the current key, valid for ten minutes. */
    public String token(String subject, String... grants) {
        return TokenSigner.sign(keys.get(0), subject, Grants.parse(List.of(grants)), Duration.ofMinutes(10));
    }

    /** {@code claims} signed by the current key, whatever they say (for tokens the signer would not make). */
    public String sign(JWTClaimsSet claims) {
        ECKey key = keys.get(0);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Starts signing with a new key {@code kid}; both stay published. */
    public void rotate(String kid) {
        keys = List.of(TokenSigner.newKey(kid), keys.get(0));
    }

    public void jwksDown(boolean down) {
        jwksDown = down;
    }

    public int jwksReads() {
        return jwksReads.get();
    }

    public int nameReads() {
        return nameReads.get();
    }

    /** Binds {@code name} to a service entry with these instances (JSON objects as text). */
    public void bind(String name, String... instances) {
        entries.put(name, "{\"kind\":\"service\",\"path\":\"" + name + "\",\"instances\":[" + String.join(",", instances) + "]}");
    }

    public static String rpcInstance(String id, int port) {
        return "{\"id\":\"" + id + "\",\"address\":\"127.0.0.1\",\"port\":" + port
                + ",\"metadata\":{\"rpc\":\"coterie/1\"},\"health\":\"passing\"}";
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksReads.incrementAndGet();
        if (jwksDown) {
            reply(exchange, 503, "{\"status\":503}");
        } else if (authorized(exchange)) {
            JWKSet set = new JWKSet(keys.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
            reply(exchange, 200, set.toString(true));
        }
    }

    /** The entry bound under {@code name}, as JSON text, or null. */
    public String entry(String name) {
        return entries.get(name);
    }

    /** The session {@code name} is bound under, or null. */
    public Long sessionOf(String name) {
        return entrySessions.get(name);
    }

    public int keepalives() {
        return keepalives.get();
    }

    /** Answer binds with this status (200: bind). */
    public void bindStatus(int status) {
        bindStatus = status;
    }

    /** Expires every session, as the store does when keepalives stop coming: their names go too. */
    public void expireSessions() {
        sessions.keySet().forEach(this::endSession);
    }

    private void endSession(long id) {
        sessions.remove(id);
        entrySessions.entrySet().removeIf(bound -> {
            if (bound.getValue() == id) {
                entries.remove(bound.getKey());
                return true;
            }
            return false;
        });
    }

    private void sessions(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/"); // "", v1, sessions, id, keepalive
        String verb = exchange.getRequestMethod();
        if (!bearer(exchange)) {
            return;
        }
        if (parts.length == 3 && verb.equals("POST")) {
            long id = nextSession.incrementAndGet();
            sessions.put(id, true);
            reply(exchange, 200, "{\"id\":" + id + ",\"ttlSeconds\":10}");
            return;
        }
        long id = Long.parseLong(parts[3]);
        if (!sessions.containsKey(id)) {
            reply(exchange, 404, "{\"type\":\"https://coterie.dev/problems/lease-not-found\",\"status\":404}");
        } else if (parts.length == 5 && verb.equals("POST")) {
            keepalives.incrementAndGet();
            reply(exchange, 200, "{\"id\":" + id + ",\"ttlSeconds\":10}");
        } else if (parts.length == 4 && verb.equals("DELETE")) {
            endSession(id);
            reply(exchange, 200, "{\"revision\":1,\"deleted\":1}");
        } else {
            reply(exchange, 405, "{\"status\":405}");
        }
    }

    private boolean bearer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            reply(exchange, 401, "{\"status\":401}");
            return false;
        }
        return true;
    }

    private void names(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("PUT")) {
            bindName(exchange);
            return;
        }
        nameReads.incrementAndGet();
        if (!bearer(exchange)) {
            return;
        }
        String name = exchange.getRequestURI().getPath().substring("/v1/names".length());
        String entry = entries.get(name);
        if (entry == null) {
            reply(exchange, 404, "{\"type\":\"https://coterie.dev/problems/not-found\",\"status\":404,\"detail\":\""
                    + name + " is not bound\"}");
        } else {
            reply(exchange, 200, entry);
        }
    }

    private void bindName(HttpExchange exchange) throws IOException {
        if (!bearer(exchange)) {
            return;
        }
        String name = exchange.getRequestURI().getPath().substring("/v1/names".length());
        String query = exchange.getRequestURI().getQuery();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (bindStatus != 200) {
            reply(exchange, bindStatus, "{\"status\":" + bindStatus + "}");
            return;
        }
        long session = query != null && query.startsWith("session=") ? Long.parseLong(query.substring(8)) : 0;
        if (session != 0 && !sessions.containsKey(session)) {
            reply(exchange, 404, "{\"type\":\"https://coterie.dev/problems/lease-not-found\",\"status\":404}");
            return;
        }
        entries.put(name, new String(body, StandardCharsets.UTF_8));
        if (session != 0) {
            entrySessions.put(name, session);
        }
        reply(exchange, 200, "{\"path\":\"" + name + "\",\"revision\":7}");
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (("Bearer " + ownToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        reply(exchange, 401, "{\"status\":401}");
        return false;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
