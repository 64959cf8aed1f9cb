package io.coterie.consensus.service;

import io.coterie.api.cluster.ClusterStatusView;
import io.coterie.api.cluster.MemberView;
import io.coterie.api.kv.DeleteResultView;
import io.coterie.api.kv.KeyPage;
import io.coterie.api.kv.KeyValueView;
import io.coterie.api.kv.LeaseView;
import io.coterie.api.kv.PutResultView;
import io.coterie.api.kv.StoreStatusView;
import io.coterie.api.kv.WatchEventView;
import io.coterie.consensus.client.ClusterStatus;
import io.coterie.consensus.client.DeleteResult;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Lease;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.StoreStatus;
import io.coterie.consensus.client.WatchEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** From the client's records to what the HTTP API shows. */
final class Views {

    private Views() {
    }

    static KeyValueView kv(KeyValue kv, long revision) {
        String text = utf8OrNull(kv.value());
        return new KeyValueView(kv.key(), text, text == null ? Base64.getEncoder().encodeToString(kv.value()) : null,
                revision, kv.modRevision(), kv.createRevision(), kv.version(), kv.lease() == 0 ? null : kv.lease());
    }

    static KeyPage page(RangePage page) {
        return new KeyPage(page.kvs().stream().map(kv -> kv(kv, page.revision())).toList(), page.more(),
                page.more() ? page.lastKey() : null, page.revision());
    }

    static PutResultView put(String key, long revision) {
        return new PutResultView(key, revision);
    }

    static DeleteResultView delete(DeleteResult result) {
        return new DeleteResultView(result.revision(), result.deleted());
    }

    static WatchEventView event(WatchEvent event) {
        KeyValue kv = event.kv();
        if (event.type() == WatchEvent.Type.DELETE) {
            return new WatchEventView("delete", kv.key(), null, null, kv.modRevision(), null, null, null);
        }
        String text = utf8OrNull(kv.value());
        return new WatchEventView("put", kv.key(), text, text == null ? Base64.getEncoder().encodeToString(kv.value()) : null,
                kv.modRevision(), kv.createRevision(), kv.version(), kv.lease() == 0 ? null : kv.lease());
    }

    static LeaseView lease(Lease lease) {
        return new LeaseView(lease.id(), lease.ttl().toSeconds(),
                lease.remaining() == null ? null : lease.remaining().toMillis(),
                lease.keys().isEmpty() ? null : lease.keys());
    }

    static ClusterStatusView cluster(ClusterStatus status) {
        return new ClusterStatusView(status.leader(), status.term(),
                status.members().stream().map(m -> new MemberView(m.id(), m.address(), m.role(), m.term(),
                        m.commitIndex(), m.appliedIndex())).toList(),
                status.commitIndex());
    }

    static StoreStatusView status(StoreStatus s) {
        return new StoreStatusView(s.peer(), s.revision(), s.compactRevision(), s.appliedIndex(), s.keyCount(),
                s.leaseCount(), s.hash());
    }

    /** The bytes as text if they are valid UTF-8, else null. */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
