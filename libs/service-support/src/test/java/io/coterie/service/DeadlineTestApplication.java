package io.coterie.service;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/** A service with one endpoint that tells what is left of its caller's deadline. */
@SpringBootApplication
class DeadlineTestApplication {

    static final AtomicInteger HANDLED = new AtomicInteger();

    @RestController
    static class Remaining {
        @GetMapping("/v1/remaining")
        Map<String, Object> remaining(RequestDeadline deadline, HttpServletRequest request) {
            HANDLED.incrementAndGet();
            return Map.of("bounded", deadline.bounded(),
                    "remainingMs", deadline.remaining().map(Duration::toMillis).orElse(-1L),
                    "sameAsOf", RequestDeadline.of(request) == deadline);
        }
    }

    /** A stand-in for a slow token check: with {@code Stall: true}, the request is held until its deadline has passed. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> stall() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("true".equals(request.getHeader("Stall"))) {
                    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                            .until(() -> RequestDeadline.of(request).expired());
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
