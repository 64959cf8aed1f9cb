package io.coterie.scheduler.service.jobs;

import io.coterie.service.ApiException;
import io.coterie.scheduler.service.jobs.JobViews.JobSummary;
import io.coterie.scheduler.service.jobs.JobViews.JobView;
import io.coterie.scheduler.service.store.JobRecord;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: submit, list, show, stop, and a replica's log. See the module's README. */
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private final JobAccess access;
    private final JobStore jobs;
    private final JobViews views;
    private final AgentLogs logs;

    JobController(JobAccess access, JobStore jobs, JobViews views, AgentLogs logs) {
        this.access = access;
        this.jobs = jobs;
        this.views = views;
        this.logs = logs;
    }

    /** The body is read here rather than bound, so that a caller who may submit nothing hears 403 before any 400. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody(required = false) byte[] body) {
        access.requireSubmitSomewhere();
        JobRecord job = JobRequestParser.parse(body, access.principal(), Instant.now());
        access.requireSubmit(job.name());
        jobs.submit(job);
        return ResponseEntity.created(URI.create("/v1/jobs/" + job.name())).body(view(job.name()));
    }

    @GetMapping
    List<JobSummary> list() {
        return views.jobs(access.grants());
    }

    @GetMapping("/{name}")
    JobView show(@PathVariable String name) {
        access.requireView(JobAccess.validName(name));
        return view(name);
    }

    /** Accepted, not done: the leader removes the allocations; the job answers 404 once they are gone. */
    @DeleteMapping("/{name}")
    ResponseEntity<JobView> stop(@PathVariable String name) {
        access.requireSubmit(JobAccess.validName(name));
        jobs.stop(name).orElseThrow(() -> ApiException.notFound("no job " + name));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.job(name).orElseThrow(() -> ApiException.notFound("no job " + name)));
    }

    @GetMapping("/{name}/allocations/{index}/logs")
    ResponseEntity<byte[]> logs(@PathVariable String name, @PathVariable int index,
                                @RequestParam(defaultValue = "stdout") String stream,
                                @RequestParam(defaultValue = "" + AgentLogs.DEFAULT_TAIL) int tail,
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.requireRead(JobAccess.validName(name));
        return logs.logs(name, index, stream, tail, authorization);
    }

    private JobView view(String name) {
        return views.job(name).orElseThrow(() -> ApiException.notFound("no job " + name));
    }
}
