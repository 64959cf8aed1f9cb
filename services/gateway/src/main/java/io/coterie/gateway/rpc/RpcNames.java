package io.coterie.gateway.rpc;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.Binding;
import io.coterie.naming.Health;
import io.coterie.naming.Instance;
import io.coterie.naming.NameCache;
import io.coterie.naming.NamePath;
import io.coterie.naming.NamePrefix;
import io.coterie.naming.ServiceEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Names to instances, from a mirror of the namespace that a store watch keeps current (at most
 * about a second stale). A name the mirror does not show as callable is looked up again once the
 * mirror has caught up with the store, so a workload that has just bound its name is found.
 */
final class RpcNames implements AutoCloseable {

    static final String PROTOCOL_KEY = "rpc";
    static final String PROTOCOL = "coterie/1";

    private final ConsensusClient store;
    private final NameCache names;
    private final Map<NamePath, AtomicInteger> turns = new ConcurrentHashMap<>();

    RpcNames(ConsensusClient store) {
        this.store = store;
        this.names = NameCache.start(store, NamePrefix.of("/"), Duration.ofMillis(500));
    }

    /** From the mirror; a name it does not show as callable is looked up again after it caught up. */
    Mono<Resolution> resolve(NamePath name) {
        if (names.isLoaded()) {
            Resolution cached = resolveCached(name);
            if (cached instanceof Resolution.Found) {
                return Mono.just(cached);
            }
        }
        return resolveFresh(name);
    }

    /** After the mirror holds every change the store had when asked. */
    Mono<Resolution> resolveFresh(NamePath name) {
        return Mono.fromFuture(() -> store.revision())
                .flatMap(revision -> Mono.fromFuture(() -> names.whenRevision(revision)).thenReturn(revision))
                .map(revision -> resolveCached(name));
    }

    Resolution resolveCached(NamePath name) {
        Optional<Binding> binding = names.resolve(name);
        if (binding.isEmpty()) {
            return new Resolution.Unbound(name, "nothing is bound at " + name);
        }
        if (!(binding.get().entry() instanceof ServiceEntry service)) {
            return new Resolution.Unbound(name, name + " is a " + binding.get().entry().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " entry, not a service: only services can be called");
        }
        List<Instance> usable = service.instances().stream()
                .filter(instance -> PROTOCOL.equals(instance.metadata().get(PROTOCOL_KEY)))
                .filter(instance -> instance.health() != Health.CRITICAL)
                .toList();
        if (usable.isEmpty()) {
            return new Resolution.NoInstance(name);
        }
        return new Resolution.Found(name, usable, turns.computeIfAbsent(name, n -> new AtomicInteger()));
    }

    @Override
    public void close() {
        names.close();
    }
}
