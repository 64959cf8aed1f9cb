package io.coterie.cli.bench;

/** Key-value operations over HTTP, in the wire format of the system under test. */
final class HttpKvSession implements KvSession {

    private final HttpSession http;
    private final KvTarget target;

    HttpKvSession(HttpSession http, KvTarget target) {
        this.http = http;
        this.target = target;
    }

    @Override
    public String put(String key, byte[] value) {
        return http.send(target.put(key, value));
    }

    @Override
    public String get(String key, boolean stale) {
        return http.send(target.get(key, stale));
    }

    @Override
    public void close() {
        http.close();
    }
}
