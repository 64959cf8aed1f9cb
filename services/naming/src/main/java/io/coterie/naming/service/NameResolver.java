package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.naming.Binding;
import io.coterie.naming.LinkEntry;
import io.coterie.naming.NameCache;
import io.coterie.naming.NamePath;
import io.coterie.service.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Resolves names: from the cache while it is fresh enough, otherwise (or when asked) through the
 * store; following links up to {@value #MAX_LINKS} deep, each only as far as the caller may read.
 */
@Component
class NameResolver {

    static final int MAX_LINKS = 8;

    private final ConsensusClient store;
    private final NameCache cache;
    private final long maxStalenessMillis;

    NameResolver(ConsensusClient store, NameCache cache, NamingSettings settings) {
        this.store = store;
        this.cache = cache;
        this.maxStalenessMillis = settings.maxStaleness().toMillis();
    }

    /** Where one resolve reads, and how old what it reads may be (0 for the store). */
    record Source(Function<NamePath, CompletableFuture<Optional<Binding>>> lookup, long stalenessMillis) {
    }

    Source source(boolean linearizable) {
        long staleness = cache.stalenessMillis();
        if (!linearizable && staleness <= maxStalenessMillis) {
            return new Source(name -> CompletableFuture.completedFuture(cache.resolve(name)), staleness);
        }
        return new Source(this::fromStore, 0);
    }

    private CompletableFuture<Optional<Binding>> fromStore(NamePath name) {
        return store.get(name.storeKey(), Consistency.LINEARIZABLE).thenApply(kv -> kv.flatMap(Binding::readable));
    }

    CompletableFuture<Binding> resolve(NamePath name, boolean follow, Source source, Permissions permissions) {
        List<NamePath> chain = new ArrayList<>();
        chain.add(name);
        return hop(name, follow, source, permissions, chain);
    }

    private CompletableFuture<Binding> hop(NamePath name, boolean follow, Source source, Permissions permissions,
                                           List<NamePath> chain) {
        return source.lookup().apply(name).thenCompose(found -> {
            Binding binding = found.orElseThrow(() -> unbound(name, chain));
            if (!follow || !(binding.entry() instanceof LinkEntry link)) {
                return CompletableFuture.completedFuture(binding);
            }
            NamePath target = link.target();
            if (chain.contains(target)) {
                chain.add(target);
                throw new ApiException(ProblemType.CONFLICT, "the links loop: " + show(chain)
                        + "; rebind one of them, or read a link itself with follow=false");
            }
            if (chain.size() > MAX_LINKS) {
                throw new ApiException(ProblemType.CONFLICT, "more than " + MAX_LINKS + " links in a row: " + show(chain)
                        + " -> " + target);
            }
            permissions.require(Action.READ, target.toString());
            chain.add(target);
            return hop(target, true, source, permissions, chain);
        });
    }

    private static ApiException unbound(NamePath name, List<NamePath> chain) {
        if (chain.size() == 1) {
            return ApiException.notFound("name '" + name + "' is not bound");
        }
        return ApiException.notFound("the link " + show(chain) + " ends at '" + name + "', which is not bound");
    }

    private static String show(List<NamePath> chain) {
        return chain.stream().map(NamePath::toString).collect(Collectors.joining(" -> "));
    }
}
