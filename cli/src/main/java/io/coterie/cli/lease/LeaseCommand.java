package io.coterie.cli.lease;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "lease", mixinStandardHelpOptions = true,
        description = "Grants, renews, inspects and revokes leases (keys attached to a lease go when it ends).",
        subcommands = {LeaseGrant.class, LeaseKeepalive.class, LeaseRevoke.class, LeaseLs.class, LeaseGet.class})
public final class LeaseCommand extends GroupCommand {
}
