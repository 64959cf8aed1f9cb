package io.coterie.identity.tokens;

import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.LockedException;

/** Checks secrets through {@code delegate}, unless the {@link LoginThrottle} says the name must wait. */
final class ThrottledSecrets implements AuthenticationProvider {

    /**
     * An attempt refused before its secret was even looked at. A {@link LockedException}, because
     * Spring's provider manager passes account-status failures on as they are, where it would try
     * other providers (and report theirs) after any other failure.
     */
    static final class LoginThrottled extends LockedException {
        private final Duration wait;

        LoginThrottled(Duration wait) {
            super("too many wrong secrets for this principal; try again in " + seconds(wait) + " s");
            this.wait = wait;
        }

        long retryAfterSeconds() {
            return seconds(wait);
        }

        private static long seconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;

    ThrottledSecrets(AuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String name = attempt.getName();
        var wait = throttle.wait(name);
        if (wait.isPresent()) {
            throw new LoginThrottled(wait.get());
        }
        try {
            Authentication authenticated = delegate.authenticate(attempt);
            throttle.succeeded(name);
            return authenticated;
        } catch (BadCredentialsException e) {
            throttle.failed(name);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
