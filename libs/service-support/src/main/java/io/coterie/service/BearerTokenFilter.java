package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer ...}. A request without the header goes on
 * anonymous (the authorization rules then refuse it unless the endpoint is public); a request with
 * a bad token is refused at once.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final TokenVerifier verifier;
    private final ProblemWriter problems;
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(TokenVerifier verifier, ProblemWriter problems) {
        this.verifier = verifier;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            problems.write(request, response, ProblemType.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'");
            return;
        }
        Optional<Authentication> authentication = verifier.verify(header.substring(PREFIX.length()).trim());
        if (authentication.isEmpty()) {
            problems.write(request, response, ProblemType.UNAUTHORIZED, "the token is not valid");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication.get());
        SecurityContextHolder.setContext(context);
        // Async and error dispatches of this request read the context from here.
        repository.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
