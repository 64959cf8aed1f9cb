package io.coterie.gateway.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the OpenAPI documents of the gateway and its services into one, as callers see the API
 * through the gateway: one server ({@code /}), each service's paths that the gateway routes to it,
 * components shared where they are equal and prefixed with the service's name where two services
 * mean different things by one name (references follow), operation ids made unique the same way.
 */
final class OpenApiMerger {

    static final String MISSING = "x-coterie-missing";

    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonMapper json;

    OpenApiMerger(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param documents each source's own document, in the order given (the first keeps a contested name)
     * @param missing   the sources whose document could not be had
     */
    ObjectNode merge(Map<ApiSource, JsonNode> documents, List<String> missing) {
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", version(documents.values()));
        ObjectNode info = merged.putObject("info");
        info.put("title", "Coterie API");
        info.put("version", "v1");
        info.put("description", "The whole public API as the gateway serves it (docs/api.md, docs/rpc.md). Every call needs "
                + "Authorization: Bearer <token>, except POST /v1/tokens with Basic credentials.");
        merged.putArray("servers").addObject().put("url", "/");
        merged.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");
        ArrayNode tags = merged.putArray("tags");
        Set<String> tagNames = new HashSet<>();
        Set<String> operationIds = new HashSet<>();

        for (Map.Entry<ApiSource, JsonNode> entry : documents.entrySet()) {
            ApiSource source = entry.getKey();
            JsonNode document = entry.getValue().deepCopy();
            addComponents(components, document, source.name());
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                if (source.serves(path.getKey()) && !paths.has(path.getKey()) && path.getValue() instanceof ObjectNode item) {
                    uniqueOperationIds(item, source.name(), operationIds);
                    paths.set(path.getKey(), item);
                }
            }
            for (JsonNode tag : document.path("tags")) {
                if (tagNames.add(tag.path("name").asString(""))) {
                    tags.add(tag);
                }
            }
        }
        ArrayNode absent = merged.putArray(MISSING);
        missing.forEach(absent::add);
        return merged;
    }

    /** The newest OpenAPI version among the parts (all written by the same springdoc, so one in practice). */
    private static String version(Iterable<JsonNode> documents) {
        String newest = "3.0.1";
        for (JsonNode document : documents) {
            String version = document.path("openapi").asString("");
            if (version.startsWith("3.") && version.compareTo(newest) > 0) {
                newest = version;
            }
        }
        return newest;
    }

    /**
     * Adds one source's components (and rewrites its references to the ones it renames). A name
     * another source already uses for something else becomes {@code SOURCE.NAME}; a component that
     * only refers to a renamed one differs too once its reference is rewritten, so renaming goes on
     * until nothing changes.
     */
    private static void addComponents(ObjectNode into, JsonNode document, String source) {
        JsonNode components = document.path("components");
        Map<String, String> renamed = new HashMap<>();
        for (boolean more = true; more; ) {
            Map<String, String> found = new HashMap<>();
            for (Map.Entry<String, JsonNode> section : components.properties()) {
                String prefix = "#/components/" + section.getKey() + "/";
                for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                    String reference = prefix + component.getKey();
                    JsonNode existing = into.path(section.getKey()).get(component.getKey());
                    if (!renamed.containsKey(reference) && existing != null && !existing.equals(component.getValue())) {
                        String unique = source + "." + component.getKey();
                        for (int i = 2; into.path(section.getKey()).has(unique) || renamed.containsValue(prefix + unique)
                                || found.containsValue(prefix + unique); i++) {
                            unique = source + "." + component.getKey() + i;
                        }
                        found.put(reference, prefix + unique);
                    }
                }
            }
            renamed.putAll(found);
            rewriteReferences(document, found);
            more = !found.isEmpty();
        }
        for (Map.Entry<String, JsonNode> section : components.properties()) {
            String prefix = "#/components/" + section.getKey() + "/";
            ObjectNode target = into.has(section.getKey()) ? (ObjectNode) into.get(section.getKey()) : into.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                String name = renamed.getOrDefault(prefix + component.getKey(), prefix + component.getKey()).substring(prefix.length());
                if (!target.has(name)) {
                    target.set(name, component.getValue());
                }
            }
        }
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("$ref");
            if (reference != null && reference.isString() && renamed.containsKey(reference.asString())) {
                object.put("$ref", renamed.get(reference.asString()));
            }
            for (JsonNode child : object.values()) {
                rewriteReferences(child, renamed);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode child : array) {
                rewriteReferences(child, renamed);
            }
        }
    }

    private static void uniqueOperationIds(ObjectNode pathItem, String source, Set<String> taken) {
        for (String method : HTTP_METHODS) {
            if (pathItem.get(method) instanceof ObjectNode operation && operation.get("operationId") != null) {
                String id = operation.get("operationId").asString();
                String unique = taken.contains(id) ? source + "_" + id : id;
                for (int i = 2; taken.contains(unique); i++) {
                    unique = source + "_" + id + "_" + i;
                }
                taken.add(unique);
                operation.put("operationId", unique);
            }
        }
    }

    /** The sources in merge order: the gateway first, then the services in route order. */
    static Map<ApiSource, JsonNode> ordered(List<ApiSource> sources, Map<String, JsonNode> documents) {
        Map<ApiSource, JsonNode> ordered = new LinkedHashMap<>();
        for (ApiSource source : sources) {
            JsonNode document = documents.get(source.name());
            if (document != null) {
                ordered.put(source, document);
            }
        }
        return ordered;
    }

    static List<String> missing(List<ApiSource> sources, Map<String, JsonNode> documents) {
        List<String> missing = new ArrayList<>();
        sources.stream().map(ApiSource::name).filter(name -> !documents.containsKey(name)).forEach(missing::add);
        return missing;
    }
}
