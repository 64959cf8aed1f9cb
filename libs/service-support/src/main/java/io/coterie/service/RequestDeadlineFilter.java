package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Coterie-Timeout} as the request arrives, before anything else spends its time, and
 * keeps the deadline on the request ({@link RequestDeadline#of}). A value that breaks the rule is
 * the caller's mistake: 400.
 */
final class RequestDeadlineFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    RequestDeadlineFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long arrival = System.nanoTime();
        String value = request.getHeader(RequestDeadline.HEADER);
        if (value != null) {
            try {
                request.setAttribute(RequestDeadline.ATTRIBUTE, RequestDeadline.parse(value, arrival));
            } catch (IllegalArgumentException e) {
                problems.write(request, response, ProblemType.INVALID_REQUEST, e.getMessage());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
