package io.coterie.cli.host;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "host", mixinStandardHelpOptions = true,
        description = "The hosts whose agents run workloads.",
        subcommands = {HostLs.class})
public final class HostCommand extends GroupCommand {
}
