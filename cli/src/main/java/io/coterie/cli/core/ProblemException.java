package io.coterie.cli.core;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;

/** The server answered with an error; {@link #problem()} is its problem document (or one made up for a non-problem answer). */
public class ProblemException extends CliException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(lineFor(problem));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public ProblemType type() {
        return problem.problemType();
    }

    public int status() {
        return problem.status();
    }

    /** Worth asking again: the server was busy, starting, or without a quorum. */
    public boolean retryable() {
        return status() == 429 || status() == 502 || status() == 503 || status() == 504;
    }

    private static String lineFor(Problem problem) {
        if (problem.detail() != null && !problem.detail().isBlank()) {
            return oneLine(problem.detail());
        }
        if (problem.title() != null && !problem.title().isBlank()) {
            return oneLine(problem.title()) + " (HTTP " + problem.status() + ")";
        }
        return "the server answered HTTP " + problem.status();
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
