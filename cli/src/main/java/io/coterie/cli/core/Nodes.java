package io.coterie.cli.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * Reading the server's JSON documents without binding them to classes, for commands that print
 * an answer exactly as it came: absent, null and wrongly typed members all read as "not there".
 */
public final class Nodes {

    private Nodes() {
    }

    /** The member as text (numbers and booleans too), or null when it is absent, null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** The member as a whole number, or null when it is absent or not one. */
    public static Long number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? Long.valueOf(value.longValue()) : null;
    }

    /** The member's elements when it is an array, else none. */
    public static List<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? new ArrayList<>(value.values()) : List.of();
    }

    /** The member's scalar elements, joined with {@code ", "}. */
    public static String joined(JsonNode node, String field) {
        StringJoiner text = new StringJoiner(", ");
        for (JsonNode element : array(node, field)) {
            if (element.isValueNode() && !element.isNull()) {
                text.add(element.asString());
            }
        }
        return text.toString();
    }

    /** {@code k=v, k2=v2} of an object member of string values, or the empty string. */
    public static String pairs(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        StringJoiner text = new StringJoiner(", ");
        if (value != null && value.isObject()) {
            for (Map.Entry<String, JsonNode> pair : value.properties()) {
                text.add(pair.getKey() + "=" + (pair.getValue().isValueNode() ? pair.getValue().asString() : pair.getValue().toString()));
            }
        }
        return text.toString();
    }

    /**
     * The elements of a listing however it is wrapped: the answer itself when it is an array, else
     * the first of {@code members} that is an array, else its first array member.
     */
    public static List<JsonNode> listing(JsonNode answer, String... members) {
        if (answer.isArray()) {
            return new ArrayList<>(answer.values());
        }
        for (String member : members) {
            if (answer.path(member).isArray()) {
                return array(answer, member);
            }
        }
        for (Map.Entry<String, JsonNode> property : answer.properties()) {
            if (property.getValue().isArray()) {
                return new ArrayList<>(property.getValue().values());
            }
        }
        return List.of();
    }
}
