package io.coterie.cli.name;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code host:port} or {@code host:port,host:port,...}: the instances of a service entry. A host
 * is a DNS name, an IPv4 address or a bracketed IPv6 address ({@code [::1]:8080}, stored without
 * its brackets); a port is 1 to 65535.
 */
final class ServiceAddresses {

    /** One instance's address. */
    record HostPort(String host, int port) {
    }

    private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d{1,5})");

    private ServiceAddresses() {
    }

    /** The addresses, when every comma-separated part of {@code text} is a {@code host:port}. */
    static Optional<List<HostPort>> parse(String text) {
        List<HostPort> addresses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Optional<HostPort> address = one(part.trim());
            if (address.isEmpty()) {
                return Optional.empty();
            }
            addresses.add(address.get());
        }
        return Optional.of(addresses);
    }

    private static Optional<HostPort> one(String part) {
        Matcher matcher = BRACKETED.matcher(part);
        if (!matcher.matches()) {
            matcher = NAMED.matcher(part);
            if (!matcher.matches()) {
                return Optional.empty();
            }
        }
        int port = Integer.parseInt(matcher.group(2));
        return port >= 1 && port <= 65535 ? Optional.of(new HostPort(matcher.group(1), port)) : Optional.empty();
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    static String format(String host, String port) {
        String shown = host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == null ? String.valueOf(shown) : shown + ":" + port;
    }
}
