package io.coterie.gateway.rpc;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store lease per hour of creation for the call records, shared by every gateway: records are
 * never renewed one by one, they go together once the retention has passed. The lease of an hour
 * expires retention + 1 h after the hour began, so a record lives between the retention and an
 * hour more. Which lease serves an hour is kept at {@code sys/rpc/leases/<hour>}, on that lease.
 */
final class HourlyLeases {

    static final String PREFIX = "sys/rpc/leases/";
    private static final Logger LOG = LoggerFactory.getLogger(HourlyLeases.class);
    private static final Duration MIN_TTL = Duration.ofSeconds(1);

    private final ConsensusClient store;
    private final Duration retention;
    private final Map<Instant, CompletableFuture<Long>> byHour = new ConcurrentHashMap<>();

    HourlyLeases(ConsensusClient store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    /** The lease for records created at {@code now}. */
    CompletableFuture<Long> leaseFor(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        byHour.keySet().removeIf(h -> h.isBefore(hour.minus(Duration.ofHours(1))));
        CompletableFuture<Long> lease = byHour.computeIfAbsent(hour, h -> obtain(h, now));
        // A failed attempt is not remembered: the next call tries again.
        lease.whenComplete((id, failure) -> {
            if (failure != null) {
                byHour.remove(hour, lease);
            }
        });
        return lease;
    }

    /** The lease is gone (revoked, or the store was reset): the next call for its hour gets a new one. */
    void forget(long leaseId) {
        byHour.entrySet().removeIf(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally()
                && e.getValue().join() == leaseId);
    }

    private CompletableFuture<Long> obtain(Instant hour, Instant now) {
        Duration ttl = Duration.between(now, hour.plus(retention).plus(Duration.ofHours(1)));
        if (ttl.compareTo(MIN_TTL) < 0) {
            ttl = MIN_TTL;
        }
        String key = PREFIX + hour;
        return store.grantLease(ttl).thenCompose(granted -> store.txn(io.coterie.consensus.client.Txn.builder()
                        .when(Compare.absent(key))
                        .then(Op.put(key, Long.toString(granted.id()).getBytes(StandardCharsets.US_ASCII), granted.id()))
                        .otherwise(Op.get(key))
                        .build())
                .thenApply(result -> {
                    if (result.succeeded()) {
                        return granted.id();
                    }
                    // Another gateway was first for this hour: use its lease, drop ours.
                    store.revokeLease(granted.id()).exceptionally(e -> null);
                    KeyValue theirs = ((RangePage) result.results().get(0)).kvs().get(0);
                    long id = Long.parseLong(theirs.valueAsString().trim());
                    LOG.debug("Call records of hour {} go on lease {} (granted by another gateway)", hour, id);
                    return id;
                }));
    }
}
