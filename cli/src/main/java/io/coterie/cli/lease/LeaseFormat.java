package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseList;
import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.TextTable;
import java.util.List;

/** The text forms of leases. */
public final class LeaseFormat {

    private LeaseFormat() {
    }

    public static String renewed(LeaseView lease) {
        return "renewed lease " + lease.id() + " for " + lease.ttlSeconds() + "s";
    }

    public static String ids(LeaseList list) {
        StringBuilder text = new StringBuilder();
        (list.ids() == null ? List.<Long>of() : list.ids()).forEach(id -> text.append(id).append('\n'));
        return text.toString();
    }

    public static String details(LeaseView lease) {
        String text = TextTable.fields(
                "id", lease.id(),
                "ttl", lease.ttlSeconds() + "s",
                "remaining", lease.remainingMillis() == null ? "unknown" : lease.remainingMillis() + "ms");
        if (lease.keys() == null) {
            return text;
        }
        StringBuilder withKeys = new StringBuilder(text).append("keys:").append(lease.keys().isEmpty() ? " none\n" : "\n");
        lease.keys().forEach(key -> withKeys.append("  ").append(key).append('\n'));
        return withKeys.toString();
    }
}
