package io.coterie.cli.name;

import io.coterie.cli.core.CliContext;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.name.ServiceAddresses.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@code name bind}'s TARGET into the entry to bind. Without {@code --kind} the TARGET says
 * what it is: {@code /other/name} is a link, {@code host:port[,host:port...]} a service with one
 * instance per address ({@code i0}, {@code i1}, ...), {@code @FILE} a file entry with that local
 * file's bytes, and anything else is a small file holding TARGET itself as text (the name then
 * resolves to that value, the way a configuration entry would). With {@code --kind file} a TARGET
 * that is not {@code @FILE} (or {@code -} for stdin) is the file's content as text.
 */
final class BindTargets {

    /** The most a file entry holds (docs/api.md); a bigger local file is refused before it is read whole. */
    static final int MAX_FILE_BYTES = 1_000_000;

    private BindTargets() {
    }

    /** The kind TARGET stands for on its own. */
    static NameKind infer(String target) {
        if (target.startsWith("/")) {
            return NameKind.link;
        }
        if (target.startsWith("@")) {
            return NameKind.file;
        }
        return ServiceAddresses.parse(target).isPresent() ? NameKind.service : NameKind.file;
    }

    /** The request for {@code target} (null only for a directory) as a {@code kind} entry (null: inferred). */
    static BindRequest build(NameKind kind, String target, Map<String, String> metadata, CliContext context) {
        NameKind chosen = kind != null ? kind : inferOrFail(target);
        if (chosen == NameKind.directory) {
            if (target != null) {
                throw new UsageException("--kind directory takes no TARGET");
            }
            return json(entry(chosen, metadata));
        }
        if (target == null) {
            throw new UsageException("Missing required parameter: 'TARGET' (only --kind directory goes without one)");
        }
        return switch (chosen) {
            case link -> json(link(target, metadata));
            case service -> json(service(target, metadata));
            case file -> file(target, metadata, context);
            case directory -> throw new IllegalStateException("handled above");
        };
    }

    private static NameKind inferOrFail(String target) {
        if (target == null) {
            throw new UsageException("Missing required parameter: 'TARGET' (or give --kind directory)");
        }
        return infer(target);
    }

    private static ObjectNode link(String target, Map<String, String> metadata) {
        if (!target.startsWith("/")) {
            throw new UsageException("a link's TARGET is the name it points to, such as /apps/web");
        }
        ObjectNode entry = entry(NameKind.link, null);
        entry.put("target", NamePaths.check(target));
        return withMetadata(entry, metadata);
    }

    private static ObjectNode service(String target, Map<String, String> metadata) {
        List<HostPort> addresses = ServiceAddresses.parse(target).orElseThrow(() -> new UsageException(
                "a service's TARGET is HOST:PORT or HOST:PORT,HOST:PORT,... (IPv6 as [ADDRESS]:PORT), not '" + target + "'"));
        ObjectNode entry = entry(NameKind.service, null);
        ArrayNode instances = entry.putArray("instances");
        for (int i = 0; i < addresses.size(); i++) {
            instances.addObject().put("id", "i" + i).put("address", addresses.get(i).host()).put("port", addresses.get(i).port());
        }
        return withMetadata(entry, metadata);
    }

    private static BindRequest file(String target, Map<String, String> metadata, CliContext context) {
        if (!metadata.isEmpty()) {
            throw new UsageException("--metadata cannot go with a file entry: the API takes a file's content as the raw body");
        }
        byte[] content;
        if (target.startsWith("@")) {
            content = readFile(context.cwd().resolve(target.substring(1)));
        } else if (target.equals("-")) {
            content = readCapped(context.in(), "stdin");
        } else {
            content = target.getBytes(StandardCharsets.UTF_8);
        }
        return new BindRequest(NameKind.file, content, BindRequest.RAW);
    }

    private static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("cannot read " + file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readCapped(in, file.toString());
        } catch (IOException e) {
            throw new CliException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readCapped(InputStream in, String what) {
        try {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new CliException(what + " holds more than the " + MAX_FILE_BYTES + " bytes a file entry may");
            }
            return content;
        } catch (IOException e) {
            throw new CliException("cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectNode entry(NameKind kind, Map<String, String> metadata) {
        ObjectNode entry = Json.mapper().createObjectNode();
        entry.put("kind", kind.name());
        return metadata == null ? entry : withMetadata(entry, metadata);
    }

    private static ObjectNode withMetadata(ObjectNode entry, Map<String, String> metadata) {
        if (!metadata.isEmpty()) {
            ObjectNode pairs = entry.putObject("metadata");
            metadata.forEach(pairs::put);
        }
        return entry;
    }

    private static BindRequest json(ObjectNode entry) {
        return new BindRequest(NameKind.valueOf(entry.get("kind").asString()), Json.mapper().writeValueAsBytes(entry), BindRequest.JSON);
    }
}
