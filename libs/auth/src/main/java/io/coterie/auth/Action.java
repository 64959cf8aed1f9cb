package io.coterie.auth;

import java.util.Locale;

/** What a grant lets its holder do. {@link #ADMIN} covers every other action. */
public enum Action {
    READ, WRITE, ADMIN, SUBMIT, CALL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String text) {
        for (Action action : values()) {
            if (action.wire().equals(text)) {
                return action;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an action (read, write, admin, submit, call)");
    }
}
