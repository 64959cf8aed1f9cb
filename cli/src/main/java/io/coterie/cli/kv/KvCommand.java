package io.coterie.cli.kv;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Reads, writes, lists and watches keys of the replicated key-value store.",
        subcommands = {KvPut.class, KvGet.class, KvDel.class, KvLs.class, KvWatch.class})
public final class KvCommand extends GroupCommand {
}
