package io.coterie.agent;

import io.coterie.auth.Action;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/allocations/{allocId}/logs?stream=stdout|stderr&tail=N}: the last lines a workload
 * wrote, as text. Reading the logs of job JOB needs {@code read} on {@code /jobs/JOB}; the scheduler
 * forwards its caller's token.
 */
@RestController
class LogController {

    static final int DEFAULT_TAIL = 100;
    static final int MAX_TAIL = 10_000;
    /** JOB.INDEX.PID, with the scheduler's job name rule (docs/scheduling.md). */
    private static final Pattern ALLOC_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}\\.[0-9]{1,10}\\.[0-9]{1,19}");
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final AllocationLogs logs;
    private final Access access;
    private final AgentSettings settings;

    LogController(AllocationLogs logs, Access access, AgentSettings settings) {
        this.logs = logs;
        this.access = access;
        this.settings = settings;
    }

    @GetMapping("/v1/allocations/{allocId}/logs")
    ResponseEntity<String> logs(@PathVariable String allocId, @RequestParam(defaultValue = "stdout") String stream,
                                @RequestParam(defaultValue = "" + DEFAULT_TAIL) int tail) throws IOException {
        if (!ALLOC_ID.matcher(allocId).matches()) {
            throw ApiException.badRequest("'" + allocId + "' is not an allocation id (JOB.INDEX.PID)");
        }
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw ApiException.badRequest("stream must be stdout or stderr (got '" + stream + "')");
        }
        if (tail < 1 || tail > MAX_TAIL) {
            throw ApiException.badRequest("tail must be between 1 and " + MAX_TAIL + " lines (got " + tail + ")");
        }
        access.require(Action.READ, "/jobs/" + SchedKeys.jobOf(allocId));
        if (!logs.exist(allocId)) {
            throw ApiException.notFound("allocation " + allocId + " has no logs on host " + settings.hostId()
                    + " (it never ran here, or its logs are older than the retention)");
        }
        List<String> lines = LogTail.lastLines(logs.newestFirst(allocId, stream), tail);
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return ResponseEntity.ok().contentType(TEXT).body(text.toString());
    }
}
