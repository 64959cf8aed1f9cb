package io.coterie.cli;

import io.coterie.cli.bench.BenchCommand;
import io.coterie.cli.cluster.ClusterCommand;
import io.coterie.cli.core.CliContext;
import io.coterie.cli.core.Durations;
import io.coterie.cli.core.ExitCodes;
import io.coterie.cli.core.GlobalOptions;
import io.coterie.cli.core.GroupCommand;
import io.coterie.cli.core.QuickExit;
import io.coterie.cli.core.VersionProvider;
import io.coterie.cli.host.HostCommand;
import io.coterie.cli.id.IdCommand;
import io.coterie.cli.job.JobCommand;
import io.coterie.cli.kv.KvCommand;
import io.coterie.cli.lease.LeaseCommand;
import io.coterie.cli.name.NameCommand;
import io.coterie.cli.principal.PrincipalCommand;
import io.coterie.cli.role.RoleCommand;
import io.coterie.cli.rpc.RpcCommand;
import io.coterie.cli.session.SessionCommand;
import io.coterie.cli.telemetry.TelemetryCommand;
import io.coterie.cli.token.TokenCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.TypeConversionException;

/** The {@code coterie} command: nouns below it, one class per verb below those. */
@Command(name = "coterie", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Drives a Coterie cluster through its HTTP API.",
        footer = {"", "Exit status: 0 success, 1 the operation failed, 2 usage error."})
public final class Coterie extends GroupCommand {

    /** The nouns, in the order help lists them; adding a noun means adding its class here. */
    static final List<Class<?>> NOUNS = List.of(KvCommand.class, LeaseCommand.class, NameCommand.class, SessionCommand.class,
            IdCommand.class, ClusterCommand.class, PrincipalCommand.class, RoleCommand.class, TokenCommand.class, HostCommand.class,
            JobCommand.class, RpcCommand.class, TelemetryCommand.class, BenchCommand.class);

    @Mixin(name = "global")
    private final GlobalOptions global;

    public Coterie(CliContext context) {
        this.global = new GlobalOptions(context);
    }

    public static void main(String[] args) {
        CliContext context = CliContext.system();
        int status = run(args, context);
        context.out().flush();
        context.err().flush();
        QuickExit.stopHttpClientThreads();
        System.exit(status);
    }

    /** Runs one command line to its exit status; everything it touches comes from {@code context}. */
    public static int run(String[] args, CliContext context) {
        CommandLine commandLine;
        try {
            commandLine = commandLine(context, args);
        } catch (RuntimeException e) {
            // A broken command definition is a bug, but still no reason for a bare stack trace.
            context.err().println("coterie: internal error: " + e.getMessage());
            if (context.debug()) {
                e.printStackTrace(context.err());
            }
            return ExitCodes.FAILED;
        }
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
            context.out().flush();
        }
    }

    /** The command tree; only the nouns {@code args} names are built in full (see {@link NounStub}). */
    public static CommandLine commandLine(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new Coterie(context));
        Set<String> named = new HashSet<>(Arrays.asList(args));
        for (Class<?> noun : NOUNS) {
            NounStub stub = NounStub.of(noun);
            if (stub.namedIn(named)) {
                commandLine.addSubcommand(new CommandLine(noun));
            } else {
                commandLine.addSubcommand(stub.name(), stub.spec());
            }
        }
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // @FILE is ours (name bind reads the file's bytes), not picocli's argument files.
        commandLine.setExpandAtFiles(false);
        commandLine.registerConverter(Duration.class, Coterie::duration);
        commandLine.setParameterExceptionHandler(ExitCodes.usageErrors());
        commandLine.setUsageHelpWidth(100);
        describeEveryCommand(commandLine);
        commandLine.setExecutionExceptionHandler(ExitCodes.failures(context));
        return commandLine;
    }

    /** Every command answers --version and lists its own options before the global ones. */
    private static void describeEveryCommand(CommandLine commandLine) {
        commandLine.getCommandSpec().versionProvider(new VersionProvider());
        commandLine.getCommandSpec().usageMessage().sortOptions(false);
        commandLine.getSubcommands().values().stream().distinct().forEach(Coterie::describeEveryCommand);
    }

    private static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
