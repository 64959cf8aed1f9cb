package io.coterie.cli.job;

import io.coterie.cli.core.TextTable;
import tools.jackson.databind.JsonNode;

/** How jobs read in text form. */
final class JobFormat {

    private JobFormat() {
    }

    static String status(JsonNode job) {
        StringBuilder text = new StringBuilder(TextTable.fields("name", job.path("name").asString(),
                "desired", job.path("desired").asString()));
        TextTable allocations = new TextTable("INDEX", "HOST", "PID", "STATE", "EXIT", "RESTARTS", "MESSAGE");
        job.path("allocations").forEach(a -> allocations.row(a.path("index").asInt(), a.path("host").asString("-"),
                a.path("pid").asLong(), a.path("state").asString("-"), a.path("exitCode").isNumber() ? a.path("exitCode").asInt() : "-",
                a.path("restarts").asInt(0), a.path("message").asString("")));
        if (!job.path("allocations").isEmpty()) {
            text.append('\n').append(allocations.render());
        }
        if (!job.path("pending").isEmpty()) {
            text.append('\n');
            job.path("pending").forEach(p -> text.append("pending ").append(p.path("index").asInt()).append(": ")
                    .append(p.path("explanation").asString()).append('\n'));
        }
        return text.toString();
    }
}
