package io.coterie.identity.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.coterie.auth.StoreKeys;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store's layout of signing keys, and the atomic steps that change it. Each step is one
 * transaction guarded by a compare, so instances acting at once never undo each other's work:
 * a step that loses the race reports it and the caller decides what to do.
 *
 * <ul>
 *   <li>{@link StoreKeys#SIGNING_KEYS}{@code <kid>}: the private JWK;</li>
 *   <li>{@link StoreKeys#JWKS}: the public JWK set every service verifies with;</li>
 *   <li>{@link StoreKeys#ACTIVE_KEY}: the kid that signs;</li>
 *   <li>{@link #RETIRED}{@code <kid>}: when that key stopped signing (ISO-8601).</li>
 * </ul>
 */
final class StoredSigningKeys {

    static final String RETIRED = StoreKeys.RETIRED_KEYS;
    private static final int MAX_RETIRED = 1000;

    private final ConsensusClient store;
    private final Duration timeout;

    StoredSigningKeys(ConsensusClient store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /** A consistent view of every key, read at one revision. */
    KeyState read() {
        TxnResult result = await(store.txn(Txn.builder()
                .then(Op.get(StoreKeys.ACTIVE_KEY), Op.get(StoreKeys.JWKS), Op.getPrefix(RETIRED, MAX_RETIRED))
                .build()));
        Optional<KeyValue> active = first(result, 0);
        Optional<KeyValue> published = first(result, 1);
        Map<String, Instant> retired = new HashMap<>();
        for (KeyValue kv : ((RangePage) result.results().get(2)).kvs()) {
            retired.put(kv.key().substring(RETIRED.length()), Instant.parse(kv.valueAsString()));
        }
        return new KeyState(active.map(KeyValue::valueAsString).orElse(null),
                published.map(kv -> jwkSet(kv.valueAsString())).orElseGet(JWKSet::new),
                published.map(KeyValue::modRevision).orElse(0L), retired);
    }

    /**
     * Makes {@code key} the first signing key unless there already is an active one; either way
     * answers the kid that is active afterwards. Key, public set and active kid go in one step.
     */
    String createFirst(ECKey key) {
        TxnResult result = await(store.txn(Txn.builder()
                .when(Compare.absent(StoreKeys.ACTIVE_KEY))
                .then(Op.put(StoreKeys.SIGNING_KEYS + key.getKeyID(), utf8(key.toJSONString())),
                        Op.put(StoreKeys.JWKS, utf8(new JWKSet(key.toPublicJWK()).toString(true))),
                        Op.put(StoreKeys.ACTIVE_KEY, utf8(key.getKeyID())))
                .otherwise(Op.get(StoreKeys.ACTIVE_KEY))
                .build()));
        return result.succeeded() ? key.getKeyID() : first(result, 0).orElseThrow().valueAsString();
    }

    /** Stores {@code key} and adds its public half to the published set, if that set is still as {@code seen}. */
    boolean publish(ECKey key, KeyState seen) {
        List<JWK> keys = new ArrayList<>(seen.published().getKeys());
        keys.add(key.toPublicJWK());
        return await(store.txn(Txn.builder()
                .when(Compare.modRevision(StoreKeys.JWKS, Compare.Result.EQUAL, seen.publishedRevision()))
                .then(Op.put(StoreKeys.SIGNING_KEYS + key.getKeyID(), utf8(key.toJSONString())),
                        Op.put(StoreKeys.JWKS, utf8(new JWKSet(keys).toString(true))))
                .build())).succeeded();
    }

    /**
     * Switches signing from {@code previous} to {@code kid} and records when {@code previous}
     * retired, if {@code previous} is still the active key. Answers the revision of the switch.
     */
    Optional<Long> activate(String kid, String previous, Instant at) {
        TxnResult result = await(store.txn(Txn.builder()
                .when(Compare.value(StoreKeys.ACTIVE_KEY, Compare.Result.EQUAL, utf8(previous)))
                .then(Op.put(StoreKeys.ACTIVE_KEY, utf8(kid)), Op.put(RETIRED + previous, utf8(at.toString())))
                .build()));
        return result.succeeded() ? Optional.of(result.revision()) : Optional.empty();
    }

    /**
     * Removes keys from the published set (with their private halves and retirement records),
     * if neither the set nor the active key changed since {@code seen}.
     */
    boolean drop(Collection<String> kids, Collection<String> staleRecords, KeyState seen) {
        List<JWK> remaining = seen.published().getKeys().stream().filter(k -> !kids.contains(k.getKeyID())).toList();
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(StoreKeys.JWKS, utf8(new JWKSet(remaining).toString(true))));
        for (String kid : kids) {
            ops.add(Op.delete(StoreKeys.SIGNING_KEYS + kid));
            ops.add(Op.delete(RETIRED + kid));
        }
        staleRecords.stream().filter(kid -> !kids.contains(kid)).forEach(kid -> ops.add(Op.delete(RETIRED + kid)));
        return await(store.txn(Txn.builder()
                .when(Compare.modRevision(StoreKeys.JWKS, Compare.Result.EQUAL, seen.publishedRevision()),
                        Compare.value(StoreKeys.ACTIVE_KEY, Compare.Result.EQUAL, utf8(seen.activeKid())))
                .then(ops.toArray(Op[]::new))
                .build())).succeeded();
    }

    /** The active kid and the revision at which it was read. */
    ActiveKid activeKid() {
        RangePage page = await(store.getWithRevision(StoreKeys.ACTIVE_KEY, Consistency.LINEARIZABLE));
        KeyValue kv = page.kvs().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(StoreKeys.ACTIVE_KEY + " is missing from the store"));
        return new ActiveKid(kv.valueAsString(), kv.modRevision(), page.revision());
    }

    record ActiveKid(String kid, long modRevision, long readRevision) {
    }

    ECKey privateKey(String kid) {
        KeyValue kv = await(store.get(StoreKeys.SIGNING_KEYS + kid))
                .orElseThrow(() -> new IllegalStateException("signing key " + kid + " is active but missing from the store"));
        try {
            return ECKey.parse(kv.valueAsString());
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + kid + " in the store is not an EC JWK", e);
        }
    }

    private static Optional<KeyValue> first(TxnResult result, int index) {
        return ((RangePage) result.results().get(index)).kvs().stream().findFirst();
    }

    private static JWKSet jwkSet(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(StoreKeys.JWKS + " in the store is not a JWK set", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T await(CompletableFuture<T> future) {
        return StoreCalls.await(future, timeout);
    }
}
