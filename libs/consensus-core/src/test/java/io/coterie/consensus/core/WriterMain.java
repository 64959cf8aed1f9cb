package io.coterie.consensus.core;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * A client as its own process, so that it can sit on one side of a network partition:
 * {@code WriterMain MEMBERS PREFIX ATTEMPTS TIMEOUT_MS PATIENCE_MS}. It first waits up to
 * PATIENCE_MS for one write to go through (0: no waiting), then tries ATTEMPTS writes and prints
 * {@code ACK key revision} or {@code FAIL key problem} for each.
 */
public final class WriterMain {

    private WriterMain() {
    }

    public static void main(String[] args) {
        String prefix = args[1];
        int attempts = Integer.parseInt(args[2]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[3]));
        long patience = Long.parseLong(args[4]);
        try (ConsensusClient client = ConsensusClient.builder().members(args[0])
                .requestTimeout(Duration.ofSeconds(2)).operationTimeout(timeout).build()) {
            long deadline = System.currentTimeMillis() + patience;
            while (System.currentTimeMillis() < deadline) {
                try {
                    client.put(prefix + "warmup", new byte[0]).join();
                    break;
                } catch (CompletionException e) {
                    // Not yet: the side may still be electing.
                }
            }
            for (int i = 0; i < attempts; i++) {
                String key = prefix + i;
                try {
                    long revision = client.put(key, "x".getBytes(StandardCharsets.UTF_8)).join().revision();
                    System.out.println("ACK " + key + " " + revision);
                } catch (CompletionException e) {
                    String problem = e.getCause() instanceof ConsensusException ce ? ce.type().slug() : String.valueOf(e.getCause());
                    System.out.println("FAIL " + key + " " + problem);
                }
            }
        }
        System.exit(0);
    }
}
