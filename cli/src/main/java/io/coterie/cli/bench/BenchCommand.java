package io.coterie.cli.bench;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load generators that report throughput and latency percentiles.",
        subcommands = {BenchKv.class, BenchId.class, BenchNames.class, BenchTelemetry.class, BenchSched.class, BenchRpc.class})
public final class BenchCommand extends GroupCommand {
}
