package io.coterie.gateway.openapi;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One part of the public API: a service behind the gateway's routes, with the path patterns the
 * gateway sends to it, or the gateway itself (everything it documents is its own).
 */
record ApiSource(String name, List<PathPattern> routed) {

    static final String GATEWAY = "gateway";

    static ApiSource gateway() {
        return new ApiSource(GATEWAY, null);
    }

    static ApiSource service(String name, List<String> pathPatterns) {
        return new ApiSource(name, pathPatterns.stream().map(PathPatternParser.defaultInstance::parse).toList());
    }

    /** Whether a documented path (a template such as {@code /v1/kv/{key}}) reaches this source through the gateway. */
    boolean serves(String templatePath) {
        if (routed == null) {
            return true;
        }
        PathContainer path = PathContainer.parsePath(templatePath);
        return routed.stream().anyMatch(pattern -> pattern.matches(path));
    }
}
