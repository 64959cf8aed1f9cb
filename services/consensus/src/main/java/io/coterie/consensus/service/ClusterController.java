package io.coterie.consensus.service;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.api.cluster.LeaderBody;
import io.coterie.api.cluster.MemberBody;
import io.coterie.api.kv.StoreStatusView;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The group: status, membership, leadership; and this peer's maintenance. */
@RestController
class ClusterController {

    private final ConsensusClient store;
    private final PeerLifecycle peer;
    private final Access access;

    ClusterController(ConsensusClient store, PeerLifecycle peer, Access access) {
        this.store = store;
        this.peer = peer;
        this.access = access;
    }

    @GetMapping("/v1/cluster")
    ClusterStatusView status() {
        return Views.cluster(store.clusterStatus());
    }

    @PostMapping("/v1/cluster/members")
    ClusterStatusView addMember(@RequestBody MemberBody body) {
        access.requireAdmin();
        if (body.id() == null || body.address() == null) {
            throw ApiException.badRequest("a member needs an id and an address (host:port of its Raft endpoint)");
        }
        return Views.cluster(store.addMember(new Member(body.id(), body.address())));
    }

    @DeleteMapping("/v1/cluster/members/{id}")
    ClusterStatusView removeMember(@PathVariable String id) {
        access.requireAdmin();
        return Views.cluster(store.removeMember(id));
    }

    @PostMapping("/v1/cluster/leader")
    ClusterStatusView transferLeader(@RequestBody LeaderBody body) {
        access.requireAdmin();
        if (body.id() == null) {
            throw ApiException.badRequest("name the member that should lead: {\"id\": ...}");
        }
        return Views.cluster(store.transferLeadership(body.id()));
    }

    @GetMapping("/v1/maintenance/status")
    CompletableFuture<StoreStatusView> storeStatus(@RequestParam(defaultValue = "false") boolean hash) {
        access.requireAdmin();
        return store.status(peer.peer().id(), hash).thenApply(Views::status);
    }

    @PostMapping("/v1/maintenance/compact")
    CompletableFuture<Map<String, Long>> compact(@RequestBody Map<String, Long> body) {
        access.requireAdmin();
        Long revision = body.get("revision");
        if (revision == null || revision < 0) {
            throw ApiException.badRequest("name the revision to compact to: {\"revision\": N}");
        }
        return store.compact(revision).thenApply(r -> Map.of("compactRevision", r));
    }

    @PostMapping("/v1/maintenance/snapshot")
    Map<String, Long> snapshot() throws IOException {
        access.requireAdmin();
        return Map.of("index", peer.peer().snapshot());
    }
}
