package io.coterie.scheduler.service.store;

import java.net.URI;

/**
 * Where a host agent's HTTP API listens, as its host key gives it: {@code "address"} (a host name
 * or IP address, also where the host's workloads are reached) and {@code "port"}; or, without a
 * port field, {@code "address":"HOST:PORT"} ({@code [v6]:PORT} for IPv6).
 */
public record AgentAddress(String host, int port) {

    public static AgentAddress of(String address, Integer port) {
        if (port == null) {
            return parse(address);
        }
        if (address == null || address.isBlank() || address.indexOf('/') >= 0 || address.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the agent address '" + address + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the agent port " + port + " is not between 1 and 65535");
        }
        String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return new AgentAddress(host, port);
    }

    static AgentAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the agent address is missing");
        }
        String text = address.startsWith("http://") ? address.substring("http://".length()) : address;
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("the agent address '" + address + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (host.indexOf(':') >= 0 && !host.startsWith("["))) {
            throw new IllegalArgumentException("the agent address '" + address + "' is not HOST:PORT (IPv6 goes in brackets)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the agent address '" + address + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the agent address '" + address + "' has port " + port + ", not 1 to 65535");
        }
        return new AgentAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    /** The base URL of the agent's API. */
    public URI uri(String path) {
        String literal = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + literal + ":" + port + path);
    }
}
