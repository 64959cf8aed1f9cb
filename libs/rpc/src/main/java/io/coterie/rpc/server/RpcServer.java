package io.coterie.rpc.server;

import com.sun.net.httpserver.HttpServer;
import io.coterie.auth.StoreKeys;
import io.coterie.naming.InvalidNameException;
import io.coterie.naming.NamePath;
import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves a workload's methods under a name (docs/rpc.md, the workload side): HTTP/1.1 on the JDK's
 * server with a fixed pool of threads, tokens checked by the {@link TokenVerifier} and the
 * {@code call} grant on the name, idempotency keys remembered by an {@link IdempotencyMemory}, and
 * the name bound by the {@link Binder} once the port is open.
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.builder().name("/robots/r1")
 *         .method("speed.get", (argument, context) -> speed())
 *         .fromEnvironment(System.getenv()).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    public static final int DEFAULT_THREADS = 64;
    /** How long closing waits for calls in progress. */
    static final Duration GRACE = Duration.ofSeconds(1);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and
        // delayed ACKs add ~40 ms to small answers on kept-alive connections. Read once, when its class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String name;
    private final HttpServer http;
    private final ArrivalStampingExecutor executor;
    private final RpcExchangeHandler handler;
    private final Endpoint endpoint;
    private AutoCloseable binding;
    private boolean closed;

    private RpcServer(Builder builder) throws IOException {
        this.name = builder.name;
        this.executor = new ArrivalStampingExecutor(builder.threads, "rpc" + name.replace('/', '-'));
        this.http = HttpServer.create(new InetSocketAddress(builder.bindHost, builder.bindPort), 1024);
        http.setExecutor(executor);
        this.handler = new RpcExchangeHandler(name, builder.methods, builder.verifier, builder.memory, builder.json);
        http.createContext("/", handler);
        http.start();
        int port = http.getAddress().getPort();
        int advertisedPort = builder.advertisePort > 0 ? builder.advertisePort : port;
        String instanceId = builder.instanceId != null ? builder.instanceId : builder.advertiseHost + ":" + advertisedPort;
        this.endpoint = new Endpoint(name, instanceId, builder.advertiseHost, advertisedPort);
        LOG.info("Serving {} on {}:{} (methods {}, {} threads)", name, builder.bindHost, port,
                builder.methods.keySet(), builder.threads);
        if (builder.binder != null) {
            try {
                binding = builder.binder.bind(endpoint);
            } catch (Exception e) {
                stopHttp();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot bind " + name + ": " + e.getMessage(), e);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** The port the server listens on (the bound one, also when 0 was asked for). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** What was (or would be) bound under the name. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The base address callers use, {@code http://ADDRESS:PORT}. */
    public URI address() {
        return URI.create("http://" + endpoint.address() + ":" + endpoint.port());
    }

    /** Unbinds the name first (so callers stop coming), then lets calls in progress finish for up to a second, then stops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (binding != null) {
            try {
                binding.close();
            } catch (Exception e) {
                LOG.warn("Could not unbind {} cleanly; the name goes when its session expires", name, e);
            }
        }
        stopHttp();
        LOG.info("Stopped serving {}", name);
    }

    /**
     * Waits up to {@link #GRACE} for the calls in progress, then stops. (The JDK 17 server's own
     * {@code stop(delay)} always waits the whole delay, however idle it is.)
     */
    private void stopHttp() {
        long giveUp = System.nanoTime() + GRACE.toNanos();
        while (handler.inFlight() > 0 && System.nanoTime() - giveUp < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (handler.inFlight() > 0) {
            LOG.warn("Stopping {} with {} calls still in progress", name, handler.inFlight());
        }
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of an {@link RpcServer}; a name, at least one method and a token verifier are required. */
    public static final class Builder {

        private String name;
        private String bindHost = "0.0.0.0";
        private int bindPort;
        private String advertiseHost = "127.0.0.1";
        private int advertisePort;
        private String instanceId;
        private final Map<String, RpcMethod> methods = new LinkedHashMap<>();
        private TokenVerifier verifier;
        private Binder binder;
        private int threads = DEFAULT_THREADS;
        private IdempotencyMemory memory;
        private ObjectMapper json;

        private Builder() {
        }

        /** The name to serve (and bind), such as {@code /robots/r1}; names under {@code /sys/} cannot be called. */
        public Builder name(String name) {
            try {
                NamePath.of(name);
            } catch (InvalidNameException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (name.startsWith(StoreKeys.SYSTEM_NAMES)) {
                throw new IllegalArgumentException("names under " + StoreKeys.SYSTEM_NAMES + " cannot be called: " + name);
            }
            this.name = name;
            return this;
        }

        /** Where to listen: host and port (0: any free port). Default {@code 0.0.0.0:0}. */
        public Builder bind(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 to 65535: " + port);
            }
            this.bindHost = host;
            this.bindPort = port;
            return this;
        }

        /** The host callers reach this server at. Default {@code 127.0.0.1}. */
        public Builder advertise(String host) {
            this.advertiseHost = host;
            return this;
        }

        /** The port callers reach this server at, when not the one it listens on (a forwarded port). */
        public Builder advertise(String host, int port) {
            this.advertiseHost = host;
            this.advertisePort = port;
            return this;
        }

        /** The instance's id in the service entry. Default {@code ADDRESS:PORT}. */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder method(String method, RpcMethod implementation) {
            RpcWire.methodViolation(method).ifPresent(rule -> {
                throw new IllegalArgumentException("'" + method + "': " + rule);
            });
            if (methods.putIfAbsent(method, implementation) != null) {
                throw new IllegalArgumentException("method '" + method + "' is given twice");
            }
            return this;
        }

        public Builder tokenVerifier(TokenVerifier verifier) {
            this.verifier = verifier;
            return this;
        }

        /** Binds the name once the server listens. Default: none (the server is reachable by address only). */
        public Builder binder(Binder binder) {
            this.binder = binder;
            return this;
        }

        /**
         * With {@code COTERIE_ADDR} and {@code COTERIE_TOKEN} in {@code env}: tokens verified against
         * the gateway's JWKS (unless a verifier was given) and the name bound through its naming API
         * (unless a binder was given).
         */
        public Builder fromEnvironment(Map<String, String> env) {
            String address = env.get("COTERIE_ADDR");
            String token = env.get("COTERIE_TOKEN");
            if (address == null || address.isBlank() || token == null || token.isBlank()) {
                return this;
            }
            URI gateway = URI.create(address.trim());
            if (verifier == null) {
                verifier = new JwksTokenVerifier(gateway, token.trim());
            }
            if (binder == null) {
                binder = NameBinding.binder(gateway, token.trim());
            }
            return this;
        }

        /** Threads that run calls (and read requests). Default {@value #DEFAULT_THREADS}. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** Default: a fresh one with the documented retention and size. */
        public Builder idempotencyMemory(IdempotencyMemory memory) {
            this.memory = memory;
            return this;
        }

        /** How arguments are read and results written. Default: a plain JSON mapper that refuses trailing tokens. */
        public Builder json(ObjectMapper json) {
            this.json = json;
            return this;
        }

        /**
         * Listens, then binds the name.
         *
         * @throws IllegalStateException for missing settings
         * @throws UncheckedIOException  when the port cannot be opened
         * @throws IllegalStateException when the binder fails (the server is stopped again)
         */
        public RpcServer start() {
            if (name == null) {
                throw new IllegalStateException("an RPC server needs a name");
            }
            if (methods.isEmpty()) {
                throw new IllegalStateException("an RPC server needs at least one method");
            }
            if (verifier == null) {
                throw new IllegalStateException("an RPC server needs a token verifier (set COTERIE_ADDR and COTERIE_TOKEN, "
                        + "or give one)");
            }
            if (memory == null) {
                memory = new IdempotencyMemory();
            }
            if (json == null) {
                json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            }
            try {
                return new RpcServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bindHost + ":" + bindPort, e);
            }
        }
    }
}
