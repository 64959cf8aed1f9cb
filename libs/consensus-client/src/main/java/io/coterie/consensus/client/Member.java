package io.coterie.consensus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A peer of the consensus group: its id and the host:port of its Raft (gRPC) endpoint. */
public record Member(String id, String address) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    public Member {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("member id '" + id + "' must match " + ID.pattern());
        }
        if (address == null || !address.matches("[^\\s:]+:\\d{1,5}")) {
            throw new IllegalArgumentException("member address '" + address + "' must be host:port");
        }
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("member address '" + address + "' has no valid port");
        }
    }

    public String host() {
        return address.substring(0, address.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Parses {@code "n1=127.0.0.1:7201,n2=127.0.0.1:7202"}. */
    public static List<Member> parseList(String spec) {
        List<Member> members = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return members;
        }
        for (String part : spec.split(",")) {
            String trimmed = part.trim();
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not id=host:port");
            }
            members.add(new Member(trimmed.substring(0, eq), trimmed.substring(eq + 1)));
        }
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("member ids must be unique in '" + spec + "'");
        }
        return members;
    }

    @Override
    public String toString() {
        return id + "=" + address;
    }
}
