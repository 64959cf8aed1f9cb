package io.coterie.agent;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.Watch;
import io.coterie.consensus.client.WatchEvent;
import io.coterie.consensus.client.WatchListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's assignments as the store holds them: read whole on demand, and watched so that a
 * change is acted on at once rather than at the next periodic read.
 */
final class AssignmentFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AssignmentFeed.class);
    private static final int PAGE = 500;

    private final ConsensusClient store;
    private final SchedKeys keys;
    private final Duration timeout;
    private volatile Watch watch;
    private volatile boolean closed;

    AssignmentFeed(ConsensusClient store, SchedKeys keys, Duration timeout) {
        this.store = store;
        this.keys = keys;
        this.timeout = timeout;
    }

    /** Every assignment of this host, by allocation id (linearizable, page by page). */
    Map<String, byte[]> list() {
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        String after = "";
        while (true) {
            RangePage page = StoreCalls.await(store.list(keys.assignments(), after, PAGE, false, Consistency.LINEARIZABLE),
                    timeout);
            for (KeyValue kv : page.kvs()) {
                String allocId = keys.allocIdOf(kv.key());
                if (allocId != null) {
                    assignments.put(allocId, kv.value());
                }
            }
            if (!page.more() || page.kvs().isEmpty()) {
                return assignments;
            }
            after = page.lastKey();
        }
    }

    /** Calls {@code onChange} after every change under the host's prefix from now on, until closed. */
    void watch(Runnable onChange) {
        if (closed) {
            return;
        }
        watch = store.watch(keys.assignments(), true, 0, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                onChange.run();
            }

            @Override
            public void onError(ConsensusException error) {
                // Compaction overtook the watch; a fresh one from now on, and a full read covers the gap.
                log.warn("the watch on {} ended ({}); watching again", keys.assignments(), error.getMessage());
                onChange.run();
                watch(onChange);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Watch running = watch;
        if (running != null) {
            running.close();
        }
    }
}
