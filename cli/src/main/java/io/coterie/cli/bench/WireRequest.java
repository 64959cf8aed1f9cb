package io.coterie.cli.bench;

import java.util.Map;

/** One HTTP/1.1 request as the load generator sends it: method, request target, headers, body. */
public record WireRequest(String method, String target, Map<String, String> headers, byte[] body) {
}
