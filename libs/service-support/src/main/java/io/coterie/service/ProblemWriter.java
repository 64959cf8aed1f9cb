package io.coterie.service;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem document from places outside Spring MVC (servlet filters, security handlers). */
public final class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(type.status());
        response.setContentType(Problem.MEDIA_TYPE);
        if (type == ProblemType.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        if ((type.status() == 503 || type.status() == 429) && !response.containsHeader("Retry-After")) {
            response.setHeader("Retry-After", "1");
        }
        Problem problem = new Problem(type.uri().toString(), type.title(), type.status(), detail, request.getRequestURI(), null);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
        response.flushBuffer();
    }
}
