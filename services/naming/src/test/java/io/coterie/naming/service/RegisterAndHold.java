package io.coterie.naming.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.ServiceRegistrar;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A service instance as its own process, to be killed: {@code RegisterAndHold MEMBERS SERVICE
 * INSTANCE TTL_SECONDS RENEW_MILLIS}. Registers, prints {@code REGISTERED lease}, then holds
 * the registration until it is killed.
 */
public final class RegisterAndHold {

    private RegisterAndHold() {
    }

    public static void main(String[] args) throws InterruptedException {
        ConsensusClient store = ConsensusClient.builder().members(args[0]).build();
        ServiceRegistrar registrar = ServiceRegistrar.builder(store, args[1], args[2])
                .address("127.0.0.1").port(9999)
                .ttl(Duration.ofSeconds(Long.parseLong(args[3])))
                .renewEvery(Duration.ofMillis(Long.parseLong(args[4])))
                .build().start();
        if (!registrar.awaitRegistered(Duration.ofSeconds(60))) {
            System.out.println("NOT REGISTERED");
            System.exit(1);
        }
        System.out.println("REGISTERED " + registrar.lease());
        new CountDownLatch(1).await();
    }
}
