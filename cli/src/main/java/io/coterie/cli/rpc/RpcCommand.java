package io.coterie.cli.rpc;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "rpc", mixinStandardHelpOptions = true,
        description = "Calls methods of workloads bound under a name, through the gateway (docs/rpc.md).",
        subcommands = {RpcCall.class})
public final class RpcCommand extends GroupCommand {
}
