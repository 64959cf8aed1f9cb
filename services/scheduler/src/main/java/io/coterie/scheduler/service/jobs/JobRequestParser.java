package io.coterie.scheduler.service.jobs;

import io.coterie.scheduler.InvalidJobSpecException;
import io.coterie.scheduler.service.store.Cpus;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.RestartRecord;
import io.coterie.service.ApiException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the body of {@code POST /v1/jobs} into a job record, or refuses it with a 400 whose
 * detail names the field and the rule. Read field by field rather than bound to a class, so that
 * an unknown field, a wrong type or two ways of saying the same thing are refused by name instead
 * of being silently dropped or coerced.
 */
final class JobRequestParser {

    private static final Set<String> FIELDS = Set.of("name", "command", "env", "cpus", "exclusiveCpus", "memory",
            "memoryBytes", "replicas", "priority", "constraints", "strategy", "affinity", "restart");
    private static final Set<String> RESTART_FIELDS = Set.of("policy", "maxRestarts");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

    private JobRequestParser() {
    }

    static JobRecord parse(byte[] json, String submittedBy, Instant submittedAt) {
        JsonNode body;
        try {
            body = json == null || json.length == 0 ? null : JSON.readTree(json);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object describing the job");
        }
        refuseUnknown(body, FIELDS, "");
        BigDecimal cpus = cpus(body);
        Integer exclusiveCpus = optionalInt(body, "exclusiveCpus");
        if ((cpus == null) == (exclusiveCpus == null)) {
            throw ApiException.badRequest("give exactly one of cpus (a share, like 0.5) and exclusiveCpus (whole CPUs, like 1)");
        }
        JobRecord job = new JobRecord(requiredString(body, "name"), command(body), env(body), cpus, exclusiveCpus,
                memoryBytes(body), intOr(body, "replicas", 1), intOr(body, "priority", 0), constraints(body),
                strategy(body), optionalString(body, "affinity"), restart(body),
                JobRecord.RUNNING, submittedBy, submittedAt.toString());
        try {
            job.toSpec();
        } catch (InvalidJobSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (job.name().length() > JobLimits.MAX_NAME_CHARS) {
            throw ApiException.badRequest(JobAccess.NAME_LENGTH_RULE + " (got " + job.name().length() + ")");
        }
        return job;
    }

    private static List<String> command(JsonNode body) {
        JsonNode node = present(body, "command");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("command must be a non-empty array of strings, like [\"/bin/sh\",\"-c\",\"echo hi\"]");
        }
        if (node.size() > JobLimits.MAX_COMMAND_ARGS) {
            throw ApiException.badRequest("command has " + node.size() + " elements; the limit is " + JobLimits.MAX_COMMAND_ARGS);
        }
        List<String> command = new ArrayList<>();
        long bytes = 0;
        for (JsonNode argument : node) {
            if (!argument.isString()) {
                throw ApiException.badRequest("command must hold only strings (element " + command.size() + " is not one)");
            }
            String text = argument.stringValue();
            refuseNul(text, "command element " + command.size());
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
            command.add(text);
        }
        if (bytes > JobLimits.MAX_COMMAND_BYTES) {
            throw ApiException.badRequest("command is " + bytes + " bytes; the limit is " + JobLimits.MAX_COMMAND_BYTES);
        }
        return command;
    }

    private static Map<String, String> env(JsonNode body) {
        JsonNode node = present(body, "env");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("env must be an object of strings, like {\"LANG\":\"C\"}");
        }
        if (node.size() > JobLimits.MAX_ENV_VARS) {
            throw ApiException.badRequest("env has " + node.size() + " variables; the limit is " + JobLimits.MAX_ENV_VARS);
        }
        Map<String, String> env = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, JsonNode> variable : node.properties()) {
            if (!ENV_NAME.matcher(variable.getKey()).matches()) {
                throw ApiException.badRequest("env variable names must match " + ENV_NAME.pattern() + " (got '" + variable.getKey() + "')");
            }
            if (!variable.getValue().isString()) {
                throw ApiException.badRequest("env value of " + variable.getKey() + " must be a string");
            }
            String value = variable.getValue().stringValue();
            refuseNul(value, "env value of " + variable.getKey());
            bytes += variable.getKey().length() + 1 + value.getBytes(StandardCharsets.UTF_8).length;
            env.put(variable.getKey(), value);
        }
        if (bytes > JobLimits.MAX_ENV_BYTES) {
            throw ApiException.badRequest("env is " + bytes + " bytes; the limit is " + JobLimits.MAX_ENV_BYTES);
        }
        return env;
    }

    /** Kept exact: 0.1 CPUs is 100 millicores, not 100.000000000000005. */
    private static BigDecimal cpus(JsonNode body) {
        JsonNode node = present(body, "cpus");
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("cpus must be a number of CPUs, like 0.5");
        }
        BigDecimal cpus = Cpus.normalised(node.decimalValue());
        if (cpus.signum() <= 0 || cpus.compareTo(BigDecimal.valueOf(JobLimits.MAX_CPUS)) > 0) {
            throw ApiException.badRequest("cpus must be more than 0 and at most " + JobLimits.MAX_CPUS + " (got " + cpus.toPlainString() + ")");
        }
        if (cpus.scale() > 3) {
            throw ApiException.badRequest("cpus must be a multiple of 0.001, a millicore (got " + cpus.toPlainString() + ")");
        }
        return cpus;
    }

    private static long memoryBytes(JsonNode body) {
        JsonNode text = present(body, "memory");
        JsonNode bytes = present(body, "memoryBytes");
        if ((text == null) == (bytes == null)) {
            throw ApiException.badRequest("give exactly one of memory (like \"256Mi\") and memoryBytes (a number of bytes)");
        }
        if (text != null) {
            if (!text.isString()) {
                throw ApiException.badRequest(MemoryQuantity.RULE);
            }
            return MemoryQuantity.parse(text.stringValue());
        }
        if (!bytes.isIntegralNumber() || !bytes.canConvertToLong() || bytes.longValue() < 1
                || bytes.longValue() > JobLimits.MAX_MEMORY_BYTES) {
            throw ApiException.badRequest("memoryBytes must be a whole number between 1 and " + JobLimits.MAX_MEMORY_BYTES);
        }
        return bytes.longValue();
    }

    private static List<String> constraints(JsonNode body) {
        JsonNode node = present(body, "constraints");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("constraints must be an array of strings like \"zone=edge\" or \"disk!=hdd\"");
        }
        if (node.size() > JobLimits.MAX_CONSTRAINTS) {
            throw ApiException.badRequest("constraints has " + node.size() + " elements; the limit is " + JobLimits.MAX_CONSTRAINTS);
        }
        List<String> constraints = new ArrayList<>();
        for (JsonNode constraint : node) {
            if (!constraint.isString()) {
                throw ApiException.badRequest("constraints must hold only strings like \"zone=edge\" or \"disk!=hdd\"");
            }
            constraints.add(constraint.stringValue());
        }
        return constraints;
    }

    private static String strategy(JsonNode body) {
        String strategy = optionalString(body, "strategy");
        if (strategy == null) {
            return "spread";
        }
        if (!strategy.equals("spread") && !strategy.equals("binpack")) {
            throw ApiException.badRequest("strategy must be spread or binpack (got '" + strategy + "')");
        }
        return strategy;
    }

    private static RestartRecord restart(JsonNode body) {
        JsonNode node = present(body, "restart");
        if (node == null) {
            return new RestartRecord("never", 0);
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("restart must be an object like {\"policy\":\"on-failure\",\"maxRestarts\":3}");
        }
        refuseUnknown(node, RESTART_FIELDS, "restart.");
        String policy = optionalString(node, "policy");
        policy = policy == null ? "never" : policy.toLowerCase(Locale.ROOT);
        if (!Set.of("never", "on-failure", "always").contains(policy)) {
            throw ApiException.badRequest("restart.policy must be never, on-failure or always (got '" + policy + "')");
        }
        Integer max = optionalInt(node, "maxRestarts");
        if (policy.equals("never")) {
            // A maximum says nothing when nothing restarts; clients that always send one are not wrong.
            return new RestartRecord(policy, 0);
        }
        return new RestartRecord(policy, max != null ? max : JobLimits.DEFAULT_MAX_RESTARTS);
    }

    private static void refuseUnknown(JsonNode object, Set<String> known, String where) {
        for (String field : object.propertyNames()) {
            if (!known.contains(field)) {
                throw ApiException.badRequest("unknown field '" + where + field + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static void refuseNul(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw ApiException.badRequest(what + " must not contain NUL characters");
        }
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode present(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String requiredString(JsonNode body, String field) {
        String value = optionalString(body, field);
        if (value == null) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return node.stringValue();
    }

    private static Integer optionalInt(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.badRequest(field + " must be a whole number (got " + node + ")");
        }
        return node.intValue();
    }

    private static int intOr(JsonNode body, String field, int otherwise) {
        Integer value = optionalInt(body, field);
        return value == null ? otherwise : value;
    }
}
