package io.coterie.cli.core;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun ({@code kv}, {@code cluster}, ...): on its own it only asks for one of its verbs. */
public abstract class GroupCommand implements Runnable {

    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "'" + spec.qualifiedName()
                + "' needs a subcommand: " + String.join(", ", spec.subcommands().keySet()));
    }
}
