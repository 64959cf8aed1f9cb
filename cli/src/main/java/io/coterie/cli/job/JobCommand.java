package io.coterie.cli.job;

import io.coterie.cli.core.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Runs workloads on the cluster's hosts: the scheduler places them, host agents run them in their own cgroups.",
        subcommands = {JobRun.class, JobStatus.class, JobLs.class, JobStop.class, JobLogs.class})
public final class JobCommand extends GroupCommand {
}
