package io.coterie.cli.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes. It is mixed into the top command with {@link ScopeType#INHERIT},
 * so picocli accepts them on every noun and verb ({@code coterie --address X kv get k} and
 * {@code coterie kv get k --address X} alike) and stores them here, in one place.
 */
public final class GlobalOptions {

    public static final String DEFAULT_ADDRESS = "http://127.0.0.1:8080";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String ADDRESS_ENV = "COTERIE_ADDR";

    private final CliContext context;

    @Option(names = "--address", order = 100, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Coterie gateway URL (env COTERIE_ADDR; default " + DEFAULT_ADDRESS + ").")
    String address;

    @Option(names = "--token", order = 101, paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Bearer token (else env COTERIE_TOKEN, else the file var/dev/token).")
    String token;

    @Option(names = "--timeout", order = 102, paramLabel = "DURATION", scope = ScopeType.INHERIT,
            description = "Time limit for each HTTP request, e.g. 500ms, 10s, 2m (default 30s).")
    Duration timeout;

    @Option(names = "--verbose", order = 103, scope = ScopeType.INHERIT,
            description = "Print stack traces of failures (or set COTERIE_DEBUG=1).")
    boolean verbose;

    public GlobalOptions(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    /** The one address to talk to. */
    public URI address() {
        List<URI> addresses = addresses();
        if (addresses.size() != 1) {
            throw new UsageException("--address takes one URL here, not " + addresses.size());
        }
        return addresses.get(0);
    }

    /** Every address given, comma-separated (only load generators use more than one). */
    public List<URI> addresses() {
        String raw = address != null ? address : context.getenv(ADDRESS_ENV);
        if (raw == null || raw.isBlank()) {
            raw = DEFAULT_ADDRESS;
        }
        List<URI> addresses = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                addresses.add(parseAddress(part.trim()));
            }
        }
        if (addresses.isEmpty()) {
            throw new UsageException("--address is empty");
        }
        return addresses;
    }

    public Optional<String> token() {
        return TokenResolver.resolve(token, context);
    }

    public Duration timeout() {
        Duration value = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (value.isZero() || value.isNegative()) {
            throw new UsageException("--timeout must be positive");
        }
        return value;
    }

    /** {@code --timeout} as given, for commands whose default differs from the usual 30 s ({@code rpc call}). */
    public Optional<Duration> explicitTimeout() {
        return timeout == null ? Optional.empty() : Optional.of(timeout());
    }

    /** {@code --address} as given on the command line (not from the environment), to repeat it in a suggested command. */
    public Optional<String> explicitAddress() {
        return Optional.ofNullable(address);
    }

    public boolean verbose() {
        return verbose || context.debug();
    }

    public ApiClient client() {
        return new ApiClient(address(), token(), timeout());
    }

    static URI parseAddress(String text) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        while (withScheme.endsWith("/")) {
            withScheme = withScheme.substring(0, withScheme.length() - 1);
        }
        try {
            URI uri = new URI(withScheme);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new UsageException("--address '" + text + "' is not an http(s) URL such as " + DEFAULT_ADDRESS);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--address '" + text + "' is not an http(s) URL such as " + DEFAULT_ADDRESS);
        }
    }
}
