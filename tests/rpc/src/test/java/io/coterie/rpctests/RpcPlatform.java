package io.coterie.rpctests;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What application RPC needs, as real processes over a real store: a consensus peer in this JVM,
 * the naming service and the gateway from their jars, and a stand-in for identity's key set. One
 * platform serves every test class of the run (started on first use, stopped with the JVM); a
 * test may kill and restart the gateway. Circuits judge the last 6 calls and stay open 2 s.
 */
final class RpcPlatform {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static RpcPlatform shared;

    private final TestStore store;
    private final JwksStandIn identity;
    private final ServiceProcess naming;
    private final ServiceProcess gateway;
    private final Path logs;

    private RpcPlatform() throws IOException {
        logs = Files.createTempDirectory("rpc-it");
        store = TestStore.startOwn();
        identity = new JwksStandIn(store.client());
        naming = new ServiceProcess("naming", "naming", Map.of("COTERIE_STORE_MEMBERS", store.members()), logs);
        gateway = new ServiceProcess("gateway", "gateway", Map.of(
                "COTERIE_STORE_MEMBERS", store.members(),
                "COTERIE_GATEWAY_GRPC_PORT", Integer.toString(ServiceProcess.freePort()),
                // Identity is not running: its key set comes from the stand-in.
                "SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_IDENTITY_0_URI", identity.url(),
                "COTERIE_RPC_CIRCUIT_WINDOW", "6",
                "COTERIE_RPC_CIRCUIT_MINIMUM_CALLS", "6",
                "COTERIE_RPC_CIRCUIT_OPEN_WAIT", "2s"), logs);
        naming.start();
        gateway.start();
        naming.awaitReady(STARTUP);
        gateway.awaitReady(STARTUP);
        System.out.println("RPC platform up; logs in " + logs);
    }

    static synchronized RpcPlatform shared() {
        if (shared == null) {
            try {
                shared = new RpcPlatform();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A jar the build packaged: failsafe passes its path as the system property {@code NAME.jar}. */
    static Path jar(String name) {
        return ServiceProcess.jar(name);
    }

    TestStore store() {
        return store;
    }

    Path logs() {
        return logs;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    RpcCaller caller(String token) {
        return new RpcCaller(gatewayUrl(), token);
    }

    /** A token for calling robots. */
    String callerToken(String principal) {
        return store.tokens().token(principal, java.util.List.of("call:/robots/"), Duration.ofHours(1));
    }

    /**
     * The gateway's record of a call with a key (docs/rpc.md, Exactly once), read straight from the
     * store: {@code pending} while the call is on its way, {@code done} once the command ran; absent
     * when it did not run.
     */
    java.util.Optional<tools.jackson.databind.JsonNode> callRecord(String principal, String key) {
        String id;
        try {
            id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((principal + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return store.client().get("sys/rpc/calls/" + id).join().map(kv -> RpcCaller.JSON.readTree(kv.value()));
    }

    /** SIGKILL, as a crash: whatever the gateway was doing is lost. */
    void killGateway() {
        gateway.kill();
    }

    void startGateway() {
        gateway.start();
        gateway.awaitReady(STARTUP);
    }

    String gatewayLogTail() {
        return gateway.logTail(80);
    }

    private void stop() {
        gateway.close();
        naming.close();
        identity.close();
        store.close();
    }
}
