package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.coterie.auth.StoreKeys;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rotation without downtime, as a client sees it: old tokens keep working, new ones use the new key. */
class KeyRotationTest extends IdentityServiceTest {

    @Test
    void tokensSignedBeforeARotationStillVerifyAndNewOnesCarryTheNewKid() throws Exception {
        String before = rootToken();
        String oldKid = parse(before).getHeader().getKeyID();

        JsonNode rotation = ok(send("POST", "/v1/keys/rotate", null, bearer(before)));
        String newKid = rotation.get("kid").asString();
        assertThat(rotation.get("previous").asString()).isEqualTo(oldKid);
        assertThat(newKid).isNotEqualTo(oldKid);

        JWKSet published = JWKSet.parse(ok(send("GET", "/v1/jwks", null, bearer(before))).toString());
        assertThat(published.getKeys()).extracting(JWK::getKeyID).contains(oldKid, newKid);
        assertThat(published.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).as("a published key is public").isFalse());
        assertThat(storeClient().get(StoreKeys.ACTIVE_KEY).join().orElseThrow().valueAsString()).isEqualTo(newKid);

        String after = rootToken();
        assertThat(parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        ok(send("GET", "/v1/principals/root", null, bearer(after)));
        ok(send("GET", "/v1/principals/root", null, bearer(before)));

        List<JsonNode> rotations = auditEntries(after).stream()
                .filter(e -> e.get("action").asString().equals("key.rotate") && e.get("subject").asString().equals(newKid))
                .toList();
        assertThat(rotations).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("root");
            assertThat(e.get("detail").get("previous").asString()).isEqualTo(oldKid);
        });
    }
}
