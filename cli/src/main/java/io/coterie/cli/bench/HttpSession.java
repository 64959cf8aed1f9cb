package io.coterie.cli.bench;

import io.coterie.cli.core.ConnectionErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client over one kept-alive HTTP connection: sends ready-made requests, one at a time. */
final class HttpSession implements Session {

    private final URI base;
    private final Duration timeout;
    private final HttpConnection connection;

    HttpSession(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.connection = new HttpConnection(base, timeout);
    }

    /** Null when the answer was 2xx, else one line on what went wrong. */
    String send(WireRequest request) {
        try {
            HttpConnection.Response response = connection.exchange(request);
            if (response.status() / 100 == 2) {
                return null;
            }
            String body = new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8);
            return request.method() + " " + request.target() + " answered HTTP " + response.status()
                    + (body.isBlank() ? "" : ": " + body.strip().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            return ConnectionErrors.describe(base, timeout, e instanceof IOException io ? io : new IOException(e.getMessage(), e))
                    .getMessage();
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
