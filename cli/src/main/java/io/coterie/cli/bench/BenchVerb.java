package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.bench.LoadRunner.Op;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.DataCommand;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every load generator does alike: one kept-alive connection per client over the
 * {@code --address} URLs in turn, the phases of a run, and the report. Errors are counted, not
 * fatal; a run exits 1 only when every measured operation failed.
 */
abstract class BenchVerb extends DataCommand {

    private List<URI> addresses;

    /** Client {@code i}'s connection: to address {@code i mod n}. */
    protected HttpSession httpSession(int client) {
        if (addresses == null) {
            addresses = global().addresses();
        }
        return new HttpSession(addresses.get(client % addresses.size()), global().timeout());
    }

    /** Makes what the measured operations need; fails the run when none of it could be made. */
    protected <S extends Session> void prepare(LoadRunner<S> runner, long count, Op<S> op, String what) throws InterruptedException {
        err().println("coterie: writing " + what);
        if (runner.run(count, op) == count) {
            throw new CliException("could not write any of the " + what + ": " + runner.firstError());
        }
    }

    protected static <S extends Session> Measured warmUpAndMeasure(LoadRunner<S> runner, long warmup, long ops, Op<S> op)
            throws InterruptedException {
        if (warmup > 0) {
            runner.run(warmup, op);
        }
        return runner.measure(ops, op);
    }

    /** The default warm-up: a tenth of the measured operations, at most 1000. */
    protected static long defaultWarmup(Long warmup, long ops) {
        return warmup == null ? Math.min(1000, ops / 10) : warmup;
    }

    /** Prints the report; exit 1 when every operation failed, one line on stderr when some did. */
    protected void report(Object result, Supplier<String> table, long ops, long errors, String firstError) {
        print(result, table);
        if (errors == ops) {
            throw new CliException("every one of the " + ops + " operations failed; the first: " + firstError);
        }
        if (errors > 0) {
            err().println("coterie: " + errors + " of " + ops + " operations failed; the first: " + firstError);
        }
    }
}
