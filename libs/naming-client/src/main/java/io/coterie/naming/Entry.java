package io.coterie.naming;

import java.util.Map;

/**
 * What a name is bound to. Every kind may carry string metadata. Instances are immutable and
 * valid: construction checks the rules that {@link EntryCodec} and {@link EntryJson} rely on.
 */
public sealed interface Entry permits ServiceEntry, FileEntry, LinkEntry, DirectoryEntry {

    Kind kind();

    Map<String, String> metadata();

    enum Kind {
        SERVICE, FILE, LINK, DIRECTORY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.wire().equals(text)) {
                    return kind;
                }
            }
            throw new InvalidEntryException("kind '" + text + "' is not one of service, file, link, directory");
        }
    }
}
