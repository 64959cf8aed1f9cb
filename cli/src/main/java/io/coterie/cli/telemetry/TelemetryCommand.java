package io.coterie.cli.telemetry;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "telemetry", mixinStandardHelpOptions = true,
        description = "Publishes, queries and tails telemetry (points that producers send through Kafka into PostgreSQL).",
        subcommands = {TelemetryQuery.class, TelemetryTail.class, TelemetryPublish.class, TelemetryStatus.class})
public final class TelemetryCommand extends GroupCommand {
}
