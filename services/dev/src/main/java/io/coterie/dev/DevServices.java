package io.coterie.dev;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Which services the dev platform runs, on which ports, with which settings. */
final class DevServices {

    static final int GATEWAY_PORT = 8080;
    /** Application RPC over gRPC (docs/rpc.md). */
    static final int GATEWAY_GRPC_PORT = 9090;
    static final int CONSENSUS_HTTP_BASE = 7100;
    static final int CONSENSUS_RAFT_BASE = 7200;
    static final int IDENTITY_PORT = 7301;
    static final int NAMING_PORT = 7401;
    static final int TELEMETRY_PORT = 7501;
    static final int SCHEDULER_PORT = 7601;
    /** Agent i (from 1) listens on this plus i. */
    static final int AGENT_PORT_BASE = 7700;
    static final String AGENT_MEMORY = "2GB";
    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final String TELEMETRY_DATABASE = "telemetry";
    static final int PEERS = 3;
    static final List<String> JARS = List.of("consensus", "identity", "naming", "telemetry", "scheduler", "agent", "gateway");

    private final DevLayout layout;

    private final int hosts;

    DevServices(DevLayout layout, int hosts) {
        this.layout = layout;
        this.hosts = hosts;
    }

    /** Every port the platform needs free. */
    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(GATEWAY_PORT, GATEWAY_GRPC_PORT, IDENTITY_PORT, NAMING_PORT, TELEMETRY_PORT, SCHEDULER_PORT,
                POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT));
        for (int i = 1; i <= hosts; i++) {
            ports.add(AGENT_PORT_BASE + i);
        }
        for (int i = 1; i <= PEERS; i++) {
            ports.add(CONSENSUS_HTTP_BASE + i);
            ports.add(CONSENSUS_RAFT_BASE + i);
        }
        return ports.stream().map(layout::port).toList();
    }

    String storeMembers() {
        return IntStream.rangeClosed(1, PEERS)
                .mapToObj(i -> "n" + i + "=127.0.0.1:" + layout.port(CONSENSUS_RAFT_BASE + i))
                .collect(Collectors.joining(","));
    }

    String consensusUrls() {
        return IntStream.rangeClosed(1, PEERS)
                .mapToObj(i -> "http://127.0.0.1:" + layout.port(CONSENSUS_HTTP_BASE + i)).collect(Collectors.joining(","));
    }

    List<ServiceProcess> consensusPeers() {
        List<ServiceProcess> peers = new ArrayList<>();
        for (int i = 1; i <= PEERS; i++) {
            Map<String, String> env = new HashMap<>();
            env.put("COTERIE_CONSENSUS_NODE_ID", "n" + i);
            env.put("COTERIE_CONSENSUS_MEMBERS", storeMembers());
            env.put("COTERIE_CONSENSUS_DATA_DIR", layout.state().resolve("consensus/n" + i).toString());
            peers.add(service("consensus-n" + i, "consensus", CONSENSUS_HTTP_BASE + i, env));
        }
        return peers;
    }

    ServiceProcess identity(String jdbcUrl) {
        Map<String, String> env = storeClient();
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        env.put("COTERIE_IDENTITY_ROOT_SECRET_FILE", layout.rootSecret().toString());
        return service("identity", "identity", IDENTITY_PORT, env);
    }

    ServiceProcess naming() {
        return service("naming", "naming", NAMING_PORT, storeClient());
    }

    ServiceProcess telemetry(String jdbcUrl, String kafka) {
        Map<String, String> env = storeClient();
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        env.put("COTERIE_TELEMETRY_KAFKA_BOOTSTRAP_SERVERS", kafka);
        return service("telemetry", "telemetry", TELEMETRY_PORT, env);
    }

    ServiceProcess scheduler() {
        return service("scheduler", "scheduler", SCHEDULER_PORT, storeClient());
    }

    /**
     * One agent per simulated host, {@code h1} to {@code hN}, each with its own cgroups (under a
     * parent named after the port offset, so a second platform on the machine keeps apart), state
     * and 2 GB of memory; usage goes to Kafka. Without root, cgroups cannot be written: the agents
     * then run workloads without limits ({@code monitorOnly}), and the launcher says so.
     */
    List<ServiceProcess> agents(String kafka, boolean monitorOnly) {
        List<ServiceProcess> agents = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            Map<String, String> env = storeClient();
            env.put("COTERIE_AGENT_HOST_ID", "h" + i);
            env.put("COTERIE_AGENT_STATE_DIR", layout.state().resolve("agents/h" + i).toString());
            env.put("COTERIE_AGENT_MEMORY", AGENT_MEMORY);
            env.put("COTERIE_AGENT_CGROUP_PARENT", layout.portOffset() == 0 ? "coterie-dev" : "coterie-dev-" + layout.portOffset());
            env.put("COTERIE_AGENT_TELEMETRY_KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("COTERIE_AGENT_MONITOR_ONLY", Boolean.toString(monitorOnly));
            agents.add(service("agent-h" + i, "agent", AGENT_PORT_BASE + i, env));
        }
        return agents;
    }

    /** The gateway finds the others where they register themselves in the namespace. */
    ServiceProcess gateway() {
        Map<String, String> env = storeClient();
        env.put("COTERIE_GATEWAY_GRPC_PORT", Integer.toString(layout.port(GATEWAY_GRPC_PORT)));
        return service("gateway", "gateway", GATEWAY_PORT, env);
    }

    int identityPort() {
        return layout.port(IDENTITY_PORT);
    }

    int kafkaPort() {
        return layout.port(KAFKA_PORT);
    }

    int kafkaControllerPort() {
        return layout.port(KAFKA_CONTROLLER_PORT);
    }

    int postgresPort() {
        return layout.port(POSTGRES_PORT);
    }

    private Map<String, String> storeClient() {
        Map<String, String> env = new HashMap<>();
        env.put("COTERIE_STORE_MEMBERS", storeMembers());
        return env;
    }

    private ServiceProcess service(String name, String jar, int port, Map<String, String> env) {
        // Everything runs on this machine: register the loopback address, whatever the host's name resolves to.
        env.put("COTERIE_REGISTRATION_ADDRESS", "127.0.0.1");
        return new ServiceProcess(name, layout.jar(jar), env, layout.port(port), layout.logs().resolve(name + ".log"));
    }
}
