package io.coterie.telemetry.service;

import io.coterie.teststore.TestStore;
import io.coterie.kafka.embedded.KraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real single-node Kafka broker (KRaft) in this JVM, on free ports, in a temporary directory. */
final class TestBroker {

    private static KraftBroker shared;

    private TestBroker() {
    }

    /** One broker for every Spring test in this JVM (tests that stop a broker start their own with {@link #fresh}). */
    static synchronized KraftBroker shared() {
        if (shared == null) {
            shared = fresh("telemetry-kafka");
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    static KraftBroker fresh(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            return new KraftBroker(dir, TestStore.freePort(), TestStore.freePort()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
