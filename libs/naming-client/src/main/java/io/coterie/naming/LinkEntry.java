package io.coterie.naming;

import java.util.Map;

/** Another name: resolving follows it. */
public record LinkEntry(NamePath target, Map<String, String> metadata) implements Entry {

    public LinkEntry {
        if (target == null) {
            throw new InvalidEntryException("a link needs a target name");
        }
        metadata = Metadata.of(metadata, "metadata");
    }

    public static LinkEntry to(String target) {
        return new LinkEntry(NamePath.of(target), Map.of());
    }

    @Override
    public Kind kind() {
        return Kind.LINK;
    }
}
