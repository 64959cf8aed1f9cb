package io.coterie.cli.lease;

import io.coterie.api.kv.LeaseView;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Durations;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.ProblemException;
import io.coterie.cli.core.UsageException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keepalive", mixinStandardHelpOptions = true,
        description = "Renews a lease over and over until Ctrl-C (or once, with --once); one line per renewal.")
public final class LeaseKeepalive extends DataCommand {

    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

    @Parameters(index = "0", paramLabel = "ID", description = "The lease.")
    long id;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between renewals (default: a third of the lease's TTL).")
    Duration interval;

    @Option(names = "--once", description = "Renew once and exit.")
    boolean once;

    @Override
    protected void run() throws InterruptedException {
        if (interval != null && interval.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new UsageException("--interval must be at least " + Durations.format(SHORTEST_INTERVAL));
        }
        LeaseView lease = renew();
        if (once) {
            return;
        }
        Duration every = interval != null ? interval : defaultInterval(lease.ttlSeconds());
        while (true) {
            Thread.sleep(every.toMillis());
            try {
                renew();
            } catch (ProblemException e) {
                if (!e.retryable()) {
                    throw e;
                }
                err().println("coterie: " + e.getMessage() + "; trying again in " + Durations.format(every));
            } catch (CliException e) {
                // The server may come back before the lease runs out; if it does not, it answers lease-not-found.
                err().println("coterie: " + e.getMessage() + "; trying again in " + Durations.format(every));
            }
        }
    }

    static Duration defaultInterval(long ttlSeconds) {
        Duration third = Duration.ofMillis(ttlSeconds * 1000 / 3);
        return third.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL : third;
    }

    private LeaseView renew() {
        LeaseView lease = api().postJson("/v1/leases/" + id + "/keepalive", null, LeaseView.class);
        out().println(json() ? Json.write(lease) : LeaseFormat.renewed(lease));
        out().flush();
        return lease;
    }
}
