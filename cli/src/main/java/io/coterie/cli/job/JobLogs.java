package io.coterie.cli.job;

import io.coterie.cli.core.CoterieCommand;
import io.coterie.cli.core.UrlEncoding;
import io.coterie.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints the last lines a replica wrote (read from its host's agent).")
public final class JobLogs extends CoterieCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    @Option(names = "--index", paramLabel = "I", defaultValue = "0", description = "Which replica (default ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--stderr", description = "Standard error instead of standard output.")
    boolean stderr;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100", description = "How many lines, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int tail;

    @Override
    protected void run() {
        if (index < 0 || tail < 1 || tail > 10_000) {
            throw new UsageException("--index must not be negative; --tail must be between 1 and 10000");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("stream", stderr ? "stderr" : "stdout");
        query.put("tail", tail);
        byte[] text = api().send("GET", "/v1/jobs/" + UrlEncoding.encode(name) + "/allocations/" + index + "/logs", query, null, null,
                Map.of("Accept", "text/plain, application/problem+json"));
        out().write(text, 0, text.length);
    }
}
