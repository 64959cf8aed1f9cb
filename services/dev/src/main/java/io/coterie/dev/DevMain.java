package io.coterie.dev;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coterie dev}: the whole platform on this machine. */
@Command(name = "coterie dev", mixinStandardHelpOptions = true,
        description = "Starts the whole platform on this machine (state under var/dev) and prints "
                + "'coterie dev ready ...' once every service answers. Ctrl-C stops it cleanly.")
public final class DevMain implements Callable<Integer> {

    @Option(names = "--fresh", description = "Start from nothing: delete var/dev first.")
    boolean fresh;

    @Option(names = "--hosts", defaultValue = "2", paramLabel = "N",
            description = "Number of host agents to run (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR", description = "The Coterie checkout (default: the current directory).")
    Path root;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep state here instead of var/dev (to run a second platform beside the first).")
    Path state;

    @Option(names = "--port-offset", defaultValue = "0", paramLabel = "N",
            description = "Add N to every port (gateway 8080+N, peers 7101+N...).")
    int portOffset;

    @Override
    public Integer call() throws Exception {
        if (hosts < 0 || hosts > 64) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--hosts must be between 0 and 64");
        }
        if (portOffset < 0 || portOffset > 50000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port-offset must be between 0 and 50000");
        }
        Path checkout = root.toAbsolutePath().normalize();
        DevLayout layout = new DevLayout(checkout,
                state == null ? checkout.resolve("var/dev") : state.toAbsolutePath().normalize(), portOffset);
        return new DevPlatform(layout, fresh, hosts, System.out, System.err).run();
    }

    public static void main(String[] args) {
        int status = new CommandLine(new DevMain()).execute(args);
        System.exit(status);
    }
}
