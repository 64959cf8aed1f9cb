package io.coterie.identity.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.Map;

/**
 * The signing keys as the store held them at one revision.
 *
 * @param activeKid          the kid that signs new tokens (null before the first start)
 * @param published          the public keys every service verifies with
 * @param publishedRevision  the mod revision of the published set (0: none yet), for compare-and-set
 * @param retired            when each retired key stopped signing
 */
record KeyState(String activeKid, JWKSet published, long publishedRevision, Map<String, Instant> retired) {

    KeyState {
        retired = Map.copyOf(retired);
    }

    JWK activePublicKey() {
        return activeKid == null ? null : published.getKeyByKeyId(activeKid);
    }
}
