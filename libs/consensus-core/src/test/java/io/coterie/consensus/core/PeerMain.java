package io.coterie.consensus.core;

import io.coterie.consensus.client.Member;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one consensus peer as its own process, for tests that kill, pause and partition real
 * processes: {@code PeerMain ID MEMBERS DATA_DIR}. The same peer the service runs, minus HTTP.
 */
public final class PeerMain {

    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        String id = args[0];
        List<Member> members = Member.parseList(args[1]);
        PeerConfig config = PeerConfig.of(id, members, Path.of(args[2])).withTiming(PeerConfig.Timing.FAST);
        ConsensusPeer peer = ConsensusPeer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                peer.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("peer " + id + " started");
        new CountDownLatch(1).await();
    }
}
