package io.coterie.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A noun that this command line does not use, reduced to its name and description for the top
 * command's help. Reflecting over every verb's options costs more than half of picocli's start-up,
 * and a run only ever needs the nouns it names.
 */
record NounStub(String name, String[] aliases, String[] description) {

    static NounStub of(Class<?> noun) {
        Command command = noun.getAnnotation(Command.class);
        return new NounStub(command.name(), command.aliases(), command.description());
    }

    /** True when an argument could be this noun, so it must be built in full. */
    boolean namedIn(Set<String> args) {
        return Stream.concat(Stream.of(name), Arrays.stream(aliases)).anyMatch(args::contains);
    }

    CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name).aliases(aliases);
        spec.usageMessage().description(description);
        return spec;
    }
}
