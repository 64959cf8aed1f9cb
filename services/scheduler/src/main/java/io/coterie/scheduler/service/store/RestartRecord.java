package io.coterie.scheduler.service.store;

import io.coterie.scheduler.RestartPolicy;
import java.util.Locale;

/** A restart policy as the API and the store write it: {@code {"policy":"on-failure","maxRestarts":3}}. */
public record RestartRecord(String policy, int maxRestarts) {

    public static RestartRecord of(RestartPolicy policy) {
        return new RestartRecord(wire(policy.mode()), policy.maxRestarts());
    }

    public RestartPolicy toPolicy() {
        for (RestartPolicy.Mode mode : RestartPolicy.Mode.values()) {
            if (wire(mode).equals(policy)) {
                return new RestartPolicy(mode, maxRestarts);
            }
        }
        throw new IllegalArgumentException("restart policy must be never, on-failure or always (got '" + policy + "')");
    }

    static String wire(RestartPolicy.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
