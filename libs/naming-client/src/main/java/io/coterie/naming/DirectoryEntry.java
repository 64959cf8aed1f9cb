package io.coterie.naming;

import java.util.Map;

/** A directory marker. Optional: names need no parent directory. */
public record DirectoryEntry(Map<String, String> metadata) implements Entry {

    public DirectoryEntry {
        metadata = Metadata.of(metadata, "metadata");
    }

    public static DirectoryEntry empty() {
        return new DirectoryEntry(Map.of());
    }

    @Override
    public Kind kind() {
        return Kind.DIRECTORY;
    }
}
