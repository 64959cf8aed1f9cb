package io.coterie.cli.name;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "name", mixinStandardHelpOptions = true,
        description = "Binds, resolves, lists and watches names: services, small files, links and directories under /paths.",
        subcommands = {NameBind.class, NameResolve.class, NameLs.class, NameUnbind.class, NameWatch.class})
public final class NameCommand extends GroupCommand {
}
