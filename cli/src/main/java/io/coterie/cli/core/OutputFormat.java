package io.coterie.cli.core;

/** How a command prints its data; lower case because these are the spellings typed after {@code -o}. */
public enum OutputFormat {
    table,
    json
}
