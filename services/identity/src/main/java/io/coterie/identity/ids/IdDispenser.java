package io.coterie.identity.ids;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.identity.IdentitySettings;
import io.coterie.ids.IdRange;
import io.coterie.ids.IdRangeAllocator;
import io.coterie.ids.StoreIdCounter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The instance's allocator behind one thread: requests queue there instead of holding web threads
 * while a lease waits for the store, and they are served in arrival order. Leases are taken ahead
 * of need on a second thread, so requests rarely wait for the store at all.
 */
@Component
class IdDispenser implements DisposableBean {

    /** The client ends a store call after its own operation timeout (5 s by default); this only bounds a call that never ends. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(15);

    private final IdRangeAllocator allocator;
    private final ExecutorService thread = daemon("id-allocator");
    private final ExecutorService leaseAhead = daemon("id-lease-ahead");

    IdDispenser(ConsensusClient store, IdentitySettings settings) {
        this.allocator = new IdRangeAllocator(new StoreIdCounter(store, STORE_WAIT), settings.idBlockSize(),
                settings.idMaxBlockSize(), leaseAhead, System::nanoTime);
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    CompletableFuture<List<IdRange>> allocate(int count) {
        return CompletableFuture.supplyAsync(() -> allocator.allocate(count), thread);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
        leaseAhead.shutdownNow();
    }
}
