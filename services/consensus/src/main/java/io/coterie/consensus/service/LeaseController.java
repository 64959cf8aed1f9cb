package io.coterie.consensus.service;

import io.coterie.api.kv.DeleteResultView;
import io.coterie.api.kv.KvLimits;
import io.coterie.api.kv.LeaseGrantBody;
import io.coterie.api.kv.LeaseList;
import io.coterie.api.kv.LeaseView;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leases: grant, keep alive, revoke, inspect. */
@RestController
@RequestMapping("/v1/leases")
class LeaseController {

    private final ConsensusClient store;
    private final Access access;

    LeaseController(ConsensusClient store, Access access) {
        this.store = store;
        this.access = access;
    }

    @PostMapping
    CompletableFuture<LeaseView> grant(@RequestBody LeaseGrantBody body) {
        access.requireSomewhere(Action.WRITE);
        if (body.ttlSeconds() == null || body.ttlSeconds() < KvLimits.MIN_LEASE_TTL_SECONDS
                || body.ttlSeconds() > KvLimits.MAX_LEASE_TTL_SECONDS) {
            throw ApiException.badRequest("ttlSeconds must be between " + KvLimits.MIN_LEASE_TTL_SECONDS + " and "
                    + KvLimits.MAX_LEASE_TTL_SECONDS);
        }
        return store.grantLease(Duration.ofSeconds(body.ttlSeconds())).thenApply(Views::lease);
    }

    @PostMapping("/{id}/keepalive")
    CompletableFuture<LeaseView> keepAlive(@PathVariable long id) {
        access.requireSomewhere(Action.WRITE);
        return store.keepAlive(positive(id)).thenApply(Views::lease);
    }

    @DeleteMapping("/{id}")
    CompletableFuture<DeleteResultView> revoke(@PathVariable long id) {
        access.requireSomewhere(Action.WRITE);
        return store.revokeLease(positive(id)).thenApply(Views::delete);
    }

    @GetMapping("/{id}")
    CompletableFuture<LeaseView> get(@PathVariable long id, @RequestParam(defaultValue = "false") boolean keys) {
        access.requireSomewhere(Action.WRITE);
        return store.lease(positive(id), keys).thenApply(lease -> lease.map(Views::lease).orElseThrow(() ->
                new ConsensusException.LeaseNotFound("lease " + id + " not found (expired or revoked)")));
    }

    @GetMapping
    CompletableFuture<LeaseList> list() {
        access.requireSomewhere(Action.WRITE);
        return store.leases().thenApply(LeaseList::new);
    }

    private static long positive(long id) {
        if (id <= 0) {
            throw ApiException.badRequest("a lease id is a positive number");
        }
        return id;
    }
}
