package io.coterie.scheduler.service.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every value under {@code sys/sched/} is UTF-8 JSON. Reading ignores fields it does not know, so
 * either side of the contract may add some without breaking the other.
 */
public final class StoreJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private StoreJson() {
    }

    public static byte[] encode(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Throws {@link UnreadableValueException} for a value that is not the expected JSON. */
    public static <T> T decode(String key, byte[] value, Class<T> type) {
        try {
            return MAPPER.readValue(value, type);
        } catch (JacksonException e) {
            throw new UnreadableValueException(key + " does not hold a readable " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    public static ObjectNode decodeObject(String key, byte[] value) {
        try {
            if (MAPPER.readTree(value) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new UnreadableValueException(key + " does not hold a JSON object");
    }

    /** A store value that breaks the contract: written by hand, or by a newer or broken peer. */
    public static final class UnreadableValueException extends IllegalStateException {
        public UnreadableValueException(String message) {
            super(message);
        }
    }
}
