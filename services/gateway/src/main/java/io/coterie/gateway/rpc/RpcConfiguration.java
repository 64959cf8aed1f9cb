package io.coterie.gateway.rpc;

import io.coterie.consensus.client.ConsensusClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Application RPC at the gateway (docs/rpc.md): the dispatcher both front ends use, and what it needs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RpcSettings.class)
class RpcConfiguration {

    /** Its own mirror of the namespace: the gateway's other one follows only /sys/services/. */
    @Bean(destroyMethod = "close")
    RpcNames rpcNames(ConsensusClient store) {
        return new RpcNames(store);
    }

    @Bean(destroyMethod = "close")
    WorkloadClient rpcWorkloadClient(RpcSettings settings) {
        return new WorkloadClient(settings.connectTimeout());
    }

    @Bean
    NameGuards rpcNameGuards(RpcSettings settings) {
        return new NameGuards(settings);
    }

    @Bean
    CallRecords rpcCallRecords(ConsensusClient store, RpcSettings settings) {
        return new CallRecords(store, new HourlyLeases(store, settings.idempotencyRetention()));
    }

    /** Fires the callers' deadlines, and nothing else, so that a 504 leaves on time. */
    @Bean(destroyMethod = "dispose")
    Scheduler rpcDeadlines() {
        return Schedulers.newSingle("rpc-deadlines", true);
    }

    @Bean
    RpcDispatcher rpcDispatcher(RpcNames names, NameGuards guards, WorkloadClient workloads, CallRecords records,
                                RpcSettings settings, Scheduler rpcDeadlines) {
        return new GatewayRpcDispatcher(new Forwarder(names, guards, workloads), records, settings.lateAnswerWait(), gatewayId(),
                rpcDeadlines);
    }

    @Bean
    RpcEdgeFilter rpcEdgeFilter() {
        return new RpcEdgeFilter();
    }

    /** Which gateway holds a claim, for whoever reads the records. */
    private static String gatewayId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
