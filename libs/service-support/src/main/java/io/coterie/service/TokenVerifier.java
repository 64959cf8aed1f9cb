package io.coterie.service;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/** Decides whether a bearer token is valid, and who it stands for. */
public interface TokenVerifier {

    Optional<Authentication> verify(String token);
}
