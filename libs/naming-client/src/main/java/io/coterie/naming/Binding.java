package io.coterie.naming;

import io.coterie.consensus.client.KeyValue;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A name and what it is bound to, as the store holds it.
 *
 * @param revision       the entry's mod revision (what {@code ifRevision} compares against)
 * @param createRevision the revision at which the name was last bound while free
 * @param session        the session (store lease) an ephemeral entry goes with, or 0
 */
public record Binding(NamePath path, Entry entry, long revision, long createRevision, long session) {

    private static final Logger LOG = LoggerFactory.getLogger(Binding.class);

    /** Decodes a key under {@code names/}; throws when the key or the value is not a naming entry. */
    public static Binding decode(KeyValue kv) {
        return new Binding(NamePath.fromStoreKey(kv.key()), EntryCodec.decode(kv.value()), kv.modRevision(),
                kv.createRevision(), kv.lease());
    }

    /**
     * The binding, or empty for a key that holds no valid entry (written around the naming API,
     * through {@code /v1/kv}): such a key counts as unbound everywhere.
     */
    public static Optional<Binding> readable(KeyValue kv) {
        try {
            return Optional.of(decode(kv));
        } catch (IllegalArgumentException e) {
            LOG.warn("Store key {} (revision {}) holds no valid naming entry; treating the name as unbound: {}",
                    kv.key(), kv.modRevision(), e.getMessage());
            return Optional.empty();
        }
    }
}
