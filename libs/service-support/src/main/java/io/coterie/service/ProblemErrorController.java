package io.coterie.service;

import io.coterie.api.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by the servlet container or a filter) reach {@code /error};
 * they too become problem documents instead of Boot's default error JSON.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ProblemType type = Problems.typeFor(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status >= 500 ? "internal error; see the service log"
                : status == 404 ? "no such endpoint" : "the request was refused (" + status + ")";
        return ResponseEntity.status(status).body(Problems.of(type, detail, uri == null ? null : uri.toString()));
    }
}
