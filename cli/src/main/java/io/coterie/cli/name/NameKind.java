package io.coterie.cli.name;

/** The kinds of naming entry; lower case because these are the spellings typed after {@code --kind} and sent as {@code kind}. */
public enum NameKind {
    service,
    file,
    link,
    directory
}
