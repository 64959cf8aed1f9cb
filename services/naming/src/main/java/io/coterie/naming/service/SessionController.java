package io.coterie.naming.service;

import io.coterie.api.kv.DeleteResultView;
import io.coterie.api.kv.KvLimits;
import io.coterie.api.kv.LeaseGrantBody;
import io.coterie.api.kv.LeaseView;
import io.coterie.auth.Action;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Lease;
import io.coterie.naming.NamePath;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sessions for ephemeral entries: each is a lease of the store. */
@RestController
@RequestMapping("/v1/sessions")
class SessionController {

    static final long DEFAULT_TTL_SECONDS = 10;

    private final ConsensusClient store;
    private final Access access;
    private final NameWriter writer;

    SessionController(ConsensusClient store, Access access, NameWriter writer) {
        this.store = store;
        this.access = access;
        this.writer = writer;
    }

    @PostMapping
    CompletableFuture<LeaseView> open(@RequestBody(required = false) LeaseGrantBody body) {
        access.requireSomewhere(Action.WRITE);
        long ttl = body == null || body.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : body.ttlSeconds();
        if (ttl < KvLimits.MIN_LEASE_TTL_SECONDS || ttl > KvLimits.MAX_LEASE_TTL_SECONDS) {
            throw ApiException.badRequest("ttlSeconds must be between " + KvLimits.MIN_LEASE_TTL_SECONDS + " and "
                    + KvLimits.MAX_LEASE_TTL_SECONDS);
        }
        return store.grantLease(Duration.ofSeconds(ttl)).thenApply(SessionController::view);
    }

    @PostMapping("/{id}/keepalive")
    CompletableFuture<LeaseView> keepAlive(@PathVariable long id) {
        access.requireSomewhere(Action.WRITE);
        return store.keepAlive(positive(id)).thenApply(SessionController::view);
    }

    /**
     * Ends a session, which unbinds its entries: the caller must be allowed to write every one of
     * them, or one principal could unbind another's ephemeral names by guessing a session id.
     * Answers once this instance's cache no longer shows them.
     */
    @DeleteMapping("/{id}")
    CompletableFuture<DeleteResultView> close(@PathVariable long id) {
        access.requireSomewhere(Action.WRITE);
        Permissions permissions = new Permissions(access.grants());
        return store.lease(positive(id), true).thenCompose(lease -> {
            Lease session = lease.orElseThrow(() -> new ConsensusException.LeaseNotFound(
                    "session " + id + " not found (it expired or was closed)"));
            session.keys().forEach(key -> permissions.require(Action.WRITE, resource(key)));
            return store.revokeLease(id);
        }).thenCompose(result -> writer.visible(result.revision()) // unbinds read their own write, like any other
                .thenApply(revision -> new DeleteResultView(result.revision(), result.deleted())));
    }

    /** What a grant covers: the name for a naming key, the key itself for any other. */
    private static String resource(String key) {
        return NamePath.fromStoreKeyIfValid(key).map(NamePath::toString).orElse(key);
    }

    private static LeaseView view(Lease lease) {
        return new LeaseView(lease.id(), lease.ttl().toSeconds(), null, null);
    }

    private static long positive(long id) {
        if (id <= 0) {
            throw ApiException.badRequest("a session id is a positive number");
        }
        return id;
    }
}
