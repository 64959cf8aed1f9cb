package io.coterie.agent;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.Txn;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads allocation statuses, and writes them without ever blocking the supervisor: per allocation, one write at a
 * time, in order, the newest status winning over ones not sent yet, retried while the store is away.
 *
 * <p>Each write is a transaction that only puts the status while the allocation's assignment still
 * exists. The scheduler deletes an assignment before it deletes the status (or writes {@code lost}),
 * so a late write from this agent can neither bring back a status the scheduler removed nor
 * overwrite its verdict on a host it gave up.
 */
final class StatusStore {

    private static final Logger log = LoggerFactory.getLogger(StatusStore.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ConsensusClient store;
    private final SchedKeys keys;
    private final JsonMapper json;
    private final ScheduledExecutorService retries;
    private final Duration timeout;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** Guarded by itself: the status waiting to be sent, and whether a write is under way. */
    private static final class Slot {
        AllocationStatus pending;
        boolean inFlight;
    }

    StatusStore(ConsensusClient store, SchedKeys keys, JsonMapper json, ScheduledExecutorService retries, Duration timeout) {
        this.store = store;
        this.keys = keys;
        this.json = json;
        this.retries = retries;
        this.timeout = timeout;
    }

    /** The status stored for {@code allocId}; empty if there is none or it cannot be understood. */
    Optional<AllocationStatus> read(String allocId) {
        Optional<KeyValue> stored = StoreCalls.await(store.get(keys.status(allocId)), timeout);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(stored.get().value(), AllocationStatus.class));
        } catch (JacksonException e) {
            log.warn("the stored status of {} is not a status; ignoring it: {}", allocId, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    void write(AllocationStatus status) {
        Slot slot = slots.computeIfAbsent(status.id(), id -> new Slot());
        synchronized (slot) {
            slot.pending = status;
            if (slot.inFlight) {
                return;
            }
            slot.inFlight = true;
        }
        sendNext(status.id(), slot);
    }

    /** The allocation is gone: nothing more will be written for it. */
    void forget(String allocId) {
        slots.remove(allocId);
    }

    private void sendNext(String allocId, Slot slot) {
        AllocationStatus status;
        synchronized (slot) {
            status = slot.pending;
            slot.pending = null;
            if (status == null || slots.get(allocId) != slot) {
                slot.inFlight = false;
                return;
            }
        }
        Txn txn = Txn.builder()
                .when(Compare.present(keys.assignment(allocId)))
                .then(Op.put(keys.status(allocId), json.writeValueAsBytes(status)))
                .build();
        store.txn(txn).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("could not write the status of {} ({}); retrying in {} ms", allocId, failure.getMessage(),
                        RETRY_AFTER.toMillis());
                synchronized (slot) {
                    if (slot.pending == null) {
                        slot.pending = status;
                    }
                }
                try {
                    retries.schedule(() -> sendNext(allocId, slot), RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    log.debug("the agent is stopping; the status of {} stays unwritten", allocId);
                }
                return;
            }
            if (!result.succeeded()) {
                log.debug("status of {} not written: its assignment is gone", allocId);
            }
            sendNext(allocId, slot);
        });
    }
}
