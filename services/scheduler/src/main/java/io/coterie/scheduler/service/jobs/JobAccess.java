package io.coterie.scheduler.service.jobs;

import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.auth.Grants;
import io.coterie.scheduler.JobSpec;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Who may do what to a job: a job is the resource {@code /jobs/NAME} (the name prefix its replicas
 * are bound under). Submitting and stopping need {@code submit}; seeing a job (and its logs)
 * needs {@code read} or {@code submit}, so whoever runs a job can watch it; its logs need
 * {@code read}, the rule the agents that hold them apply to the token the scheduler relays.
 */
@Component
class JobAccess {

    private static final Pattern NAME = Pattern.compile(JobSpec.NAME_RULE);
    static final String NAME_LENGTH_RULE = "job names have at most " + JobLimits.MAX_NAME_CHARS
            + " characters (an allocation id JOB.INDEX.PID names a cgroup on its host, which holds 64)";

    private final Access access;

    JobAccess(Access access) {
        this.access = access;
    }

    static String resource(String job) {
        return "/jobs/" + job;
    }

    /** A job name from a URL: 400 if no job could have it, before any grant is looked at. */
    static String validName(String job) {
        if (!NAME.matcher(job).matches()) {
            throw ApiException.badRequest("job names match " + JobSpec.NAME_RULE + " (got '" + job + "')");
        }
        if (job.length() > JobLimits.MAX_NAME_CHARS) {
            throw ApiException.badRequest(NAME_LENGTH_RULE + " (got " + job.length() + ")");
        }
        return job;
    }

    String principal() {
        return access.principal();
    }

    Grants grants() {
        return access.grants();
    }

    static boolean canView(Grants grants, String job) {
        return grants.allows(Action.READ, resource(job)) || grants.allows(Action.SUBMIT, resource(job));
    }

    void requireView(String job) {
        if (!canView(access.grants(), job)) {
            throw new ApiException(ProblemType.FORBIDDEN, "the token grants neither read nor submit on '" + resource(job) + "'");
        }
    }

    void requireRead(String job) {
        access.require(Action.READ, resource(job));
    }

    void requireSubmit(String job) {
        access.require(Action.SUBMIT, resource(job));
    }

    /** Checked before the body is even read: a token that may submit nowhere learns nothing from validation. */
    void requireSubmitSomewhere() {
        access.requireSomewhere(Action.SUBMIT);
    }
}
