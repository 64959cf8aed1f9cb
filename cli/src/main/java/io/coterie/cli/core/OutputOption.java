package io.coterie.cli.core;

import picocli.CommandLine.Option;

/** {@code -o json|table}, mixed into every command that prints data. */
public final class OutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). "
                    + "json prints one JSON document on stdout.")
    OutputFormat format = OutputFormat.table;

    public OutputFormat format() {
        return format;
    }
}
