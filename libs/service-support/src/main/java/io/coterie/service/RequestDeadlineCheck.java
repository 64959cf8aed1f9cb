package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the deadline once more just before the handler runs, after token verification (which may
 * wait for the store): a request with nothing left gets 504 at once instead of work nobody waits for.
 */
final class RequestDeadlineCheck implements HandlerInterceptor {

    private final ProblemWriter problems;

    RequestDeadlineCheck(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        // An async dispatch continues work that started in time (a stream); only the first dispatch is checked.
        if (request.getDispatcherType() != DispatcherType.REQUEST || !RequestDeadline.of(request).expired()) {
            return true;
        }
        problems.write(request, response, ProblemType.DEADLINE_EXCEEDED,
                "the request's deadline (" + RequestDeadline.HEADER + ") passed before it could be served");
        return false;
    }
}
