package io.coterie.cli.token;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issues bearer tokens: your own by logging in, or (as an admin) another principal's.",
        subcommands = {TokenCreate.class})
public final class TokenCommand extends GroupCommand {
}
