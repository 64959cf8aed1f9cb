package io.coterie.agent;

/** An assignment the agent cannot run as written; its status says why ({@code failed}). */
final class InvalidAssignmentException extends RuntimeException {

    InvalidAssignmentException(String message) {
        super(message);
    }
}
