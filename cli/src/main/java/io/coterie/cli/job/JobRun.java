package io.coterie.cli.job;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Submits a job and prints where its replicas went (or why they wait).",
        footer = {"", "Example: coterie job run --name web --cpus 0.5 --memory 256Mi --replicas 3 -- /bin/sh -c 'exec my-server'",
                "The scheduler checks the spec; a refusal names the rule broken."})
public final class JobRun extends DataCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The job's name (its replicas are /jobs/NAME/0, /jobs/NAME/1, ...).")
    String name;

    @Option(names = "--cpus", paramLabel = "C", description = "Fractional cores from a shared pool, such as 0.5 (default 0.1).")
    Double cpus;

    @Option(names = "--exclusive-cpus", paramLabel = "N", description = "Whole cores, pinned and used by nothing else (instead of --cpus).")
    Integer exclusiveCpus;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "128Mi", description = "Memory limit, such as 256Mi or 1Gi (default ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "1", description = "How many copies (default ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--priority", paramLabel = "P", defaultValue = "0", description = "0 to 1000; higher may preempt lower (default ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--constraint", paramLabel = "KEY=VALUE", description = "Only hosts labelled so (KEY!=VALUE: not so); repeatable.")
    List<String> constraints;

    @Option(names = "--strategy", paramLabel = "spread|binpack", defaultValue = "spread", description = "Spread replicas or pack hosts (default ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--affinity", paramLabel = "PATH", description = "Prefer hosts that hold this name's data, such as /data/set1.")
    String affinity;

    @Option(names = "--restart", paramLabel = "never|on-failure|always", defaultValue = "never", description = "Restart policy (default ${DEFAULT-VALUE}).")
    String restart;

    @Option(names = "--max-restarts", paramLabel = "N", defaultValue = "3", description = "Restarts allowed per replica (default ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable of the workload; repeatable.")
    List<String> env;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    protected void run() {
        if (cpus != null && exclusiveCpus != null) {
            throw new UsageException("give --cpus or --exclusive-cpus, not both");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("command", command);
        if (exclusiveCpus != null) {
            spec.put("exclusiveCpus", exclusiveCpus);
        } else {
            spec.put("cpus", cpus == null ? 0.1 : cpus);
        }
        spec.put("memory", memory);
        spec.put("replicas", replicas);
        spec.put("priority", priority);
        spec.put("constraints", constraints == null ? List.of() : constraints);
        spec.put("strategy", strategy);
        if (affinity != null) {
            spec.put("affinity", affinity);
        }
        spec.put("restart", Map.of("policy", restart, "maxRestarts", maxRestarts));
        spec.put("env", pairs(env));
        JsonNode job = Json.tree(api().sendJson("POST", "/v1/jobs", spec));
        print(job, () -> JobFormat.status(job));
    }

    private static Map<String, String> pairs(List<String> texts) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String text : texts == null ? new ArrayList<String>() : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--env must be KEY=VALUE: '" + text + "'");
            }
            map.put(text.substring(0, eq), text.substring(eq + 1));
        }
        return map;
    }
}
