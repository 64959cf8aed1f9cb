package io.coterie.cli.cluster;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Shows and changes the consensus group: members, leader, term.",
        subcommands = {ClusterStatus.class, ClusterAddPeer.class, ClusterRemovePeer.class, ClusterTransferLeader.class})
public final class ClusterCommand extends GroupCommand {
}
