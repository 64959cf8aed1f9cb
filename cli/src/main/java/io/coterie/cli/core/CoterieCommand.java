package io.coterie.cli.core;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A verb: one class per noun-verb. Subclasses implement {@link #run()}, print to {@link #out()}
 * and fail by throwing {@link CliException} (exit 1) or {@link UsageException} (exit 2).
 */
public abstract class CoterieCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private ApiClient api;

    protected abstract void run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        Json.prepareInBackground(null);
        try {
            run();
        } catch (UsageException e) {
            // Routed to picocli's parameter handler, so it is reported like any other usage error.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            out().flush();
        }
        return 0;
    }

    public GlobalOptions global() {
        return (GlobalOptions) spec.root().mixins().get("global").userObject();
    }

    protected CliContext context() {
        return global().context();
    }

    protected ApiClient api() {
        if (api == null) {
            api = global().client();
        }
        return api;
    }

    protected PrintStream out() {
        return context().out();
    }

    protected PrintStream err() {
        return context().err();
    }
}
