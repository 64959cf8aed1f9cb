package io.coterie.identity.keys;

import io.coterie.auth.StoreKeys;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public signing keys, and rotation of the private one. */
@RestController
class KeyController {

    private final ConsensusClient store;
    private final KeyRotation rotation;
    private final Access access;

    KeyController(ConsensusClient store, KeyRotation rotation, Access access) {
        this.store = store;
        this.rotation = rotation;
        this.access = access;
    }

    /** The JWK set exactly as the store holds it: what every service verifies tokens with. */
    @GetMapping("/v1/jwks")
    CompletableFuture<ResponseEntity<String>> jwks() {
        return store.get(StoreKeys.JWKS, Consistency.LINEARIZABLE).thenApply(kv -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(kv.orElseThrow(() -> ApiException.notFound("no signing keys are published yet")).valueAsString()));
    }

    @PostMapping("/v1/keys/rotate")
    CompletableFuture<KeyRotation.Rotation> rotate() {
        access.requireAdmin();
        return rotation.rotate(access.principal());
    }
}
