package io.coterie.identity.directory;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * bcrypt for principals' secrets. A presented secret longer than bcrypt can read simply does not
 * match (Spring's encoder would throw, and a login attempt must never become a 500).
 */
@Component
public class SecretEncoder implements PasswordEncoder {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    @Override
    public String encode(CharSequence secret) {
        return bcrypt.encode(secret);
    }

    @Override
    public boolean matches(CharSequence presented, String hash) {
        if (presented == null || hash == null || tooLong(presented)) {
            return false;
        }
        return bcrypt.matches(presented, hash);
    }

    private static boolean tooLong(CharSequence secret) {
        return secret.toString().getBytes(StandardCharsets.UTF_8).length > IdentityRules.MAX_SECRET_BYTES;
    }
}
