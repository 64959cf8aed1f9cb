package io.coterie.naming;

import java.util.Map;

/** One instance of a service: where to reach it, and how it is doing. */
public record Instance(String id, String address, int port, Map<String, String> metadata, Health health) {

    static final int MAX_ID_CHARS = 256;
    static final int MAX_ADDRESS_CHARS = 255;

    public Instance {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS || Text.hasControlCharacter(id)) {
            throw new InvalidEntryException("an instance id must be 1 to " + MAX_ID_CHARS
                    + " characters without control characters");
        }
        if (address == null || address.isEmpty() || address.length() > MAX_ADDRESS_CHARS
                || Text.hasWhitespaceOrControl(address)) {
            throw new InvalidEntryException("instance '" + id + "': the address must be a host name or IP address of 1 to "
                    + MAX_ADDRESS_CHARS + " characters without spaces");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidEntryException("instance '" + id + "': port " + port + " is not between 1 and 65535");
        }
        metadata = Metadata.of(metadata, "instance '" + id + "' metadata");
        health = health == null ? Health.PASSING : health;
    }

    public Instance(String id, String address, int port) {
        this(id, address, port, Map.of(), Health.PASSING);
    }
}
