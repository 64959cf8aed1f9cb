package io.coterie.naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entries as JSON, the shape docs/api.md shows: {@code {"kind":"service","instances":[...]}} and
 * so on. The same shape is an entry's header inside a store value (see {@link EntryCodec}).
 * Reading is strict: unknown fields, wrong types and out-of-range values are refused with a
 * message that says where.
 */
public final class EntryJson {

    /** Fields an answer adds to an entry; a client that sends an answer back as a request may keep them. */
    public static final Set<String> VIEW_FIELDS = Set.of("path", "revision", "createRevision", "session");

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> INSTANCE_FIELDS = Set.of("id", "address", "port", "metadata", "health");

    private EntryJson() {
    }

    /**
     * An entry from an API request body. Files are not accepted here: their content travels raw
     * ({@code Content-Type: application/octet-stream}), not inside JSON.
     */
    public static Entry fromRequestBody(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidEntryException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidEntryException("the body is empty; send a JSON entry such as {\"kind\":\"directory\"}");
        }
        ObjectNode object = object(node, "an entry");
        if ("file".equals(text(object, "kind", "an entry", false))) {
            throw new InvalidEntryException("bind a file with its raw content and Content-Type: application/octet-stream, "
                    + "not as JSON");
        }
        return read(object, VIEW_FIELDS, null);
    }

    /** The entry as JSON; for a file, its description (size, sha256, contentType) without the content. */
    public static ObjectNode toJson(Entry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", entry.kind().wire());
        if (entry instanceof ServiceEntry service) {
            ArrayNode instances = node.putArray("instances");
            for (Instance instance : service.instances()) {
                ObjectNode i = instances.addObject();
                i.put("id", instance.id());
                i.put("address", instance.address());
                i.put("port", instance.port());
                putMetadata(i, instance.metadata());
                i.put("health", instance.health().wire());
            }
        } else if (entry instanceof FileEntry file) {
            node.put("size", file.size());
            node.put("sha256", file.sha256());
            node.put("contentType", file.contentType());
        } else if (entry instanceof LinkEntry link) {
            node.put("target", link.target().toString());
        }
        putMetadata(node, entry.metadata());
        return node;
    }

    /** A binding as answers show it: the entry with its path, revisions and session. */
    public static ObjectNode toJson(Binding binding) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("path", binding.path().toString());
        node.setAll(toJson(binding.entry()));
        node.put("revision", binding.revision());
        node.put("createRevision", binding.createRevision());
        if (binding.session() != 0) {
            node.put("session", binding.session());
        }
        return node;
    }

    /** Reads a store value's header; {@code content} is the rest of the value (files only). */
    static Entry fromHeader(ObjectNode header, byte[] content) {
        return read(header, Set.of(), content);
    }

    private static Entry read(ObjectNode node, Set<String> ignored, byte[] content) {
        Entry.Kind kind = Entry.Kind.parse(text(node, "kind", "an entry", true));
        String where = "a " + kind.wire() + " entry";
        Set<String> allowed = switch (kind) {
            case SERVICE -> Set.of("kind", "instances", "metadata");
            case FILE -> Set.of("kind", "size", "sha256", "contentType", "metadata");
            case LINK -> Set.of("kind", "target", "metadata");
            case DIRECTORY -> Set.of("kind", "metadata");
        };
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field) && !ignored.contains(field)) {
                throw new InvalidEntryException(where + " has no field '" + field + "' (it has " + String.join(", ", allowed) + ")");
            }
        }
        Map<String, String> metadata = metadata(node.get("metadata"), "metadata");
        if (kind != Entry.Kind.FILE && content != null && content.length > 0) {
            throw new InvalidEntryException(where + " carries no content, yet the value holds " + content.length + " bytes after its header");
        }
        return switch (kind) {
            case SERVICE -> new ServiceEntry(instances(node.get("instances")), metadata);
            case LINK -> new LinkEntry(target(text(node, "target", where, true)), metadata);
            case DIRECTORY -> new DirectoryEntry(metadata);
            case FILE -> file(node, content, metadata);
        };
    }

    private static FileEntry file(ObjectNode header, byte[] content, Map<String, String> metadata) {
        FileEntry file = FileEntry.owning(content == null ? new byte[0] : content,
                text(header, "contentType", "a file entry", true), metadata);
        JsonNode size = header.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() != file.size()) {
            throw new InvalidEntryException("a file entry's size " + size + " does not match its " + file.size() + " content bytes");
        }
        if (!file.sha256().equals(text(header, "sha256", "a file entry", true))) {
            throw new InvalidEntryException("a file entry's sha256 does not match its content");
        }
        return file;
    }

    private static NamePath target(String target) {
        try {
            return NamePath.of(target);
        } catch (InvalidNameException e) {
            throw new InvalidEntryException("the link target '" + target + "' is not a valid name: " + e.getMessage());
        }
    }

    private static List<Instance> instances(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidEntryException("instances must be an array");
        }
        List<Instance> instances = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String where = "instances[" + i + "]";
            ObjectNode instance = object(node.get(i), where);
            for (String field : instance.propertyNames()) {
                if (!INSTANCE_FIELDS.contains(field)) {
                    throw new InvalidEntryException(where + " has no field '" + field + "' (it has id, address, port, metadata, health)");
                }
            }
            String health = text(instance, "health", where, false);
            try {
                instances.add(new Instance(text(instance, "id", where, true), text(instance, "address", where, true),
                        port(instance.get("port"), where), metadata(instance.get("metadata"), where + ".metadata"),
                        health == null ? Health.PASSING : Health.parse(health)));
            } catch (InvalidEntryException e) {
                throw new InvalidEntryException(where + ": " + e.getMessage());
            }
        }
        return instances;
    }

    private static int port(JsonNode port, String where) {
        if (port == null || !port.isIntegralNumber() || !port.canConvertToInt()) {
            throw new InvalidEntryException(where + ".port must be a whole number between 1 and 65535");
        }
        return port.asInt();
    }

    private static Map<String, String> metadata(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidEntryException(where + " must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isString()) {
                throw new InvalidEntryException(where + "." + field.getKey() + " must be a string");
            }
            metadata.put(field.getKey(), field.getValue().asString());
        }
        return metadata;
    }

    private static void putMetadata(ObjectNode node, Map<String, String> metadata) {
        if (!metadata.isEmpty()) {
            ObjectNode out = node.putObject("metadata");
            metadata.forEach(out::put);
        }
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new InvalidEntryException(what + " must be a JSON object");
    }

    private static String text(ObjectNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEntryException(where + " needs a '" + field + "'");
            }
            return null;
        }
        if (!value.isString()) {
            throw new InvalidEntryException(where + ": '" + field + "' must be a string");
        }
        return value.asString();
    }
}
