package io.coterie.cli.principal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code POST /v1/principals}: the secret is left out to have the server generate one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PrincipalBody(String name, List<String> roles, String secret) {
}
