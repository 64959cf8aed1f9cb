package io.coterie.cli.core;

import picocli.CommandLine.Mixin;

/** A verb that prints data, in table form or, with {@code -o json}, as one JSON document. */
public abstract class DataCommand extends CoterieCommand {

    @Mixin
    private OutputOption output;

    protected boolean json() {
        return output.format() == OutputFormat.json;
    }

    /** Prints {@code document} as JSON when asked for, else the text {@code table} makes. */
    protected void print(Object document, java.util.function.Supplier<String> table) {
        if (json()) {
            out().println(Json.writePretty(document));
        } else {
            out().print(table.get());
        }
    }
}
