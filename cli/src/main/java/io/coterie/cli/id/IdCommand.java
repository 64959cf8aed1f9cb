package io.coterie.cli.id;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "id", mixinStandardHelpOptions = true,
        description = "Hands out cluster-unique IDs.",
        subcommands = {IdNext.class})
public final class IdCommand extends GroupCommand {
}
