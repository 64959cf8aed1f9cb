package io.coterie.identity.tokens;

import io.coterie.identity.directory.PrincipalRepository;
import java.util.List;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Principals' bcrypt hashes, for HTTP Basic on {@code /v1/tokens}. Not a bean: only the token
 * endpoint's chain takes passwords; everywhere else a bearer token is the only credential.
 */
final class PrincipalCredentials implements UserDetailsService {

    private final PrincipalRepository principals;

    PrincipalCredentials(PrincipalRepository principals) {
        this.principals = principals;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        String hash = principals.secretHash(name).orElseThrow(() -> new UsernameNotFoundException("no such principal"));
        return User.withUsername(name).password(hash).authorities(List.of()).build();
    }
}
