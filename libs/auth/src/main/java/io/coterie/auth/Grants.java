package io.coterie.auth;

import java.util.List;

/**
 * Everything one principal may do. Keys under {@link StoreKeys#SYSTEM} (signing keys, ID
 * counters) need {@code admin} for anything, whatever the other grants say; names under
 * {@link StoreKeys#SYSTEM_NAMES} (service registrations), and the keys that hold them, need
 * {@code admin} to change but only {@code read} to resolve, so applications can find services.
 */
public record Grants(List<Grant> grants) {

    public static final Grants NONE = new Grants(List.of());

    public Grants {
        grants = List.copyOf(grants);
    }

    public static Grants parse(List<String> texts) {
        return new Grants(texts.stream().map(Grant::parse).toList());
    }

    public boolean allows(Action action, String resource) {
        Action needed = resource.startsWith(StoreKeys.SYSTEM)
                || (action != Action.READ && isSystemName(resource)) ? Action.ADMIN : action;
        return grants.stream().anyMatch(g -> g.covers(needed, resource));
    }

    private static boolean isSystemName(String resource) {
        return resource.startsWith(StoreKeys.SYSTEM_NAMES) || resource.startsWith(StoreKeys.NAMES + StoreKeys.SYSTEM_NAMES);
    }

    /** True when some grant allows {@code action} somewhere (for calls not tied to one resource, like leases). */
    public boolean allowsSomewhere(Action action) {
        return grants.stream().anyMatch(g -> g.action() == action || g.action() == Action.ADMIN);
    }

    public boolean isAdmin() {
        return allows(Action.ADMIN, "");
    }

    public List<String> wire() {
        return grants.stream().map(Grant::toString).toList();
    }
}
