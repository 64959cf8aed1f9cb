package io.coterie.cli.token;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code POST /v1/tokens}: {@code principal} only when an admin asks for someone else; no TTL means the server's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenBody(String principal, Long ttlSeconds) {
}
