package io.coterie.consensus.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings for a one-peer group in a temporary directory, for tests of the HTTP layer. */
final class SingleNode {

    private SingleNode() {
    }

    static void register(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("consensus-test");
            int raftPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                raftPort = socket.getLocalPort();
            }
            registry.add("coterie.consensus.node-id", () -> "n1");
            registry.add("coterie.consensus.members", () -> "n1=127.0.0.1:" + raftPort);
            registry.add("coterie.consensus.data-dir", dir::toString);
            registry.add("coterie.consensus.election-timeout-min", () -> "300ms");
            registry.add("coterie.consensus.election-timeout-max", () -> "600ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
