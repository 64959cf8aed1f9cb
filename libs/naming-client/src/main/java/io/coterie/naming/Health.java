package io.coterie.naming;

import java.util.Locale;

/** How an instance of a service reports itself. */
public enum Health {
    PASSING, WARNING, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Health parse(String text) {
        for (Health health : values()) {
            if (health.wire().equals(text)) {
                return health;
            }
        }
        throw new InvalidEntryException("health '" + text + "' is not one of passing, warning, critical");
    }
}
