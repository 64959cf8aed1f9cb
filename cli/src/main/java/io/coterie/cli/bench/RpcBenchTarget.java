package io.coterie.cli.bench;

import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Nodes;
import io.coterie.cli.name.NamePaths;
import io.coterie.rpc.RpcWire;
import io.coterie.rpc.server.RpcServer;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The workload {@code bench rpc} calls: by default its own, an {@link RpcServer} in this process
 * with {@code echo} (answers its argument) and {@code counter.increase} (adds the argument's
 * {@code by}, default 1, and answers {@code {"value": N}}), bound under a fresh name through the
 * gateway; or an existing one, found where its name says it is.
 */
final class RpcBenchTarget implements AutoCloseable {

    static final java.util.List<String> METHODS = java.util.List.of("echo", "counter.increase");

    private final String name;
    private final URI address;
    private final RpcServer server;

    private RpcBenchTarget(String name, URI address, RpcServer server) {
        this.name = name;
        this.address = address;
        this.server = server;
    }

    /** Starts the bench's own workload and binds {@code name} with {@code token} (write and call on the name). */
    static RpcBenchTarget start(URI gateway, String token, String name) {
        AtomicLong counter = new AtomicLong();
        try {
            RpcServer server = RpcServer.builder().name(name).bind("127.0.0.1", 0).advertise("127.0.0.1")
                    .method("echo", (argument, context) -> argument)
                    .method("counter.increase", (argument, context) -> JsonNodeFactory.instance.objectNode()
                            .put("value", counter.addAndGet(argument.path("by").asLong(1))))
                    .fromEnvironment(Map.of("COTERIE_ADDR", gateway.toString(), "COTERIE_TOKEN", token))
                    .start();
            return new RpcBenchTarget(name, server.address(), server);
        } catch (RuntimeException e) {
            throw new CliException("could not start the bench's workload under " + name + ": " + e.getMessage(), e);
        }
    }

    /** The workload already bound under {@code name}: its first instance that serves the RPC protocol. */
    static RpcBenchTarget existing(ApiClient api, String name) {
        JsonNode entry = api.get(NamePaths.of(name), Map.of(), JsonNode.class);
        for (JsonNode instance : Nodes.array(entry, "instances")) {
            if (RpcWire.PROTOCOL.equals(Nodes.text(instance.path("metadata"), RpcWire.PROTOCOL_METADATA_KEY))
                    && !"critical".equals(Nodes.text(instance, "health"))) {
                String host = Nodes.text(instance, "address");
                String literal = host != null && host.contains(":") ? "[" + host + "]" : host;
                return new RpcBenchTarget(name, URI.create("http://" + literal + ":" + Nodes.text(instance, "port")), null);
            }
        }
        throw new CliException(name + " has no instance serving " + RpcWire.PROTOCOL + " (metadata rpc=" + RpcWire.PROTOCOL + ")");
    }

    String name() {
        return name;
    }

    /** The workload's own address, {@code http://HOST:PORT}. */
    URI address() {
        return address;
    }

    /** True when the workload is the bench's own, in this process. */
    boolean own() {
        return server != null;
    }

    /** Stops the bench's own workload, which unbinds its name; an existing one is left alone. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
