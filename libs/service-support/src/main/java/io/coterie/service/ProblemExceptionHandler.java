package io.coterie.service;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.ConsensusException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into a problem document with a stable Coterie type: the caller's mistakes
 * are 4xx with a detail that says what was wrong, a missing quorum is 503 with Retry-After, and a
 * bug is a bare 500 whose stack trace stays in the log.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e.type(), e.getMessage(), request.getRequestURI());
        e.properties().forEach(problem::setProperty);
        return respond(e.type(), problem);
    }

    @ExceptionHandler(ConsensusException.class)
    ResponseEntity<ProblemDetail> consensus(ConsensusException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e.type(), e.getMessage(), request.getRequestURI());
        if (e instanceof ConsensusException.Compacted compacted) {
            problem.setProperty("compactRevision", compacted.compactRevision());
        }
        if (e.type() == ProblemType.INTERNAL) {
            LOG.error("Store failure on {}", request.getRequestURI(), e);
            problem.setDetail("internal error; see the service log");
        }
        return respond(e.type(), problem);
    }

    @ExceptionHandler({CompletionException.class, ExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception e, HttpServletRequest request) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof ApiException api) {
            return api(api, request);
        }
        if (cause instanceof ConsensusException consensus) {
            return consensus(consensus, request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String detail = "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'";
        return respond(ProblemType.INVALID_REQUEST, Problems.of(ProblemType.INVALID_REQUEST, detail, request.getRequestURI()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        return respond(ProblemType.INVALID_REQUEST, Problems.of(ProblemType.INVALID_REQUEST, e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ProblemType.INTERNAL, Problems.of(ProblemType.INTERNAL, "internal error; see the service log",
                request.getRequestURI()));
    }

    /** Spring's own exceptions (bad JSON, wrong method, missing parameter...) get our types too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = Problems.typeFor(statusCode.value());
        String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail() : ex.getMessage();
        if (ex instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
            if (causedBy(ex, RequestLimitsFilter.TooLarge.class)) {
                type = ProblemType.PAYLOAD_TOO_LARGE;
                statusCode = HttpStatusCode.valueOf(type.status());
                detail = "the request body is larger than the limit";
            } else {
                detail = "the request body is not valid JSON for this call";
            }
        } else if (ex instanceof org.springframework.web.servlet.resource.NoResourceFoundException
                || ex instanceof org.springframework.web.servlet.NoHandlerFoundException) {
            String method = request instanceof ServletWebRequest swr ? swr.getRequest().getMethod() : "";
            String uri = request instanceof ServletWebRequest swr ? swr.getRequest().getRequestURI() : "";
            detail = "no such endpoint: " + method + " " + uri;
        }
        String path = request instanceof ServletWebRequest swr ? swr.getRequest().getRequestURI() : null;
        ProblemDetail problem = Problems.of(type, detail, path);
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        return ResponseEntity.status(statusCode).headers(out).body(problem);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemType type, ProblemDetail problem) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(type.status());
        if (type.status() == 503 || type.status() == 429) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(problem);
    }
}
