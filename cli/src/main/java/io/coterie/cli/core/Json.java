package io.coterie.cli.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coterie.api.Problem;
import io.coterie.api.kv.KeyValueView;
import io.coterie.api.kv.LeaseView;
import io.coterie.api.kv.WatchEventView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the CLI, built on first use so that {@code --help} and {@code --version} never pay for it. */
public final class Json {

    private Json() {
    }

    /** The API leaves optional members out ({@code lease}, {@code valueBase64}, ...); so do we when echoing its records. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private interface OmitAbsent {
    }

    private static final class Holder {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addMixIn(KeyValueView.class, OmitAbsent.class)
                .addMixIn(WatchEventView.class, OmitAbsent.class)
                .addMixIn(LeaseView.class, OmitAbsent.class)
                .addMixIn(Problem.class, OmitAbsent.class)
                .build();
    }

    /**
     * Builds the mapper, and the reader for {@code type}, on a daemon thread. Jackson takes a few
     * hundred milliseconds to start on a small machine; done while picocli parses and the request
     * is in flight, that time mostly disappears. Safe because the holder's class initialisation is
     * the only way in: a thread that needs the mapper sooner simply waits for it.
     */
    public static void prepareInBackground(Class<?> type) {
        Thread thread = new Thread(() -> {
            try {
                if (type != null) {
                    mapper().readerFor(type);
                } else {
                    mapper();
                }
            } catch (RuntimeException | LinkageError ignored) {
                // The thread that needs it will meet the same failure and report it.
            }
        }, "json-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    public static JsonMapper mapper() {
        return Holder.MAPPER;
    }

    public static String write(Object value) {
        return mapper().writeValueAsString(value);
    }

    public static String writePretty(Object value) {
        return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    /** The answer as a tree, to print exactly what the server said; an empty answer (204) is an empty object. */
    public static JsonNode tree(byte[] body) {
        return body == null || body.length == 0 ? mapper().createObjectNode() : read(body, JsonNode.class);
    }

    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return mapper().readValue(body, type);
        } catch (JacksonException e) {
            throw new CliException("the server answered with JSON this client does not understand ("
                    + e.getOriginalMessage() + ")", e);
        }
    }
}
