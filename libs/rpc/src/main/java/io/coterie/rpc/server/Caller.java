package io.coterie.rpc.server;

import io.coterie.auth.Grants;

/** The verified holder of a token: its subject and what it may do. */
public record Caller(String subject, Grants grants) {
}
