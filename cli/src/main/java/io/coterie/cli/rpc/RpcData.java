package io.coterie.cli.rpc;

import io.coterie.cli.core.CliContext;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * A call's argument: one JSON value given inline, as {@code @FILE} or as {@code -} (stdin),
 * checked here and sent without its insignificant whitespace. The gateway compares a keyed
 * retry's body byte for byte (SHA-256), so sending the compact form makes a retry match however
 * the same JSON was spaced or indented the first time.
 *
 * @param body   the compact JSON, or null when no argument was given (the gateway reads an empty body as null)
 * @param source how the argument was given: the {@code --data} text itself (compacted), {@code @FILE} or {@code -}
 */
public record RpcData(byte[] body, String source) {

    /** Arguments up to this long are repeated inline in a suggested retry even when they came from stdin. */
    private static final int INLINE_MAX = 2000;

    public static RpcData none() {
        return new RpcData(null, null);
    }

    public static RpcData parse(String data, CliContext context) {
        if (data == null) {
            return none();
        }
        if (data.equals("-")) {
            return new RpcData(compact(readStdin(context.in()), "stdin"), "-");
        }
        if (data.startsWith("@")) {
            return new RpcData(compact(readFile(context.cwd().resolve(data.substring(1))), data), data);
        }
        byte[] body = compact(data.getBytes(StandardCharsets.UTF_8), "--data");
        return new RpcData(body, new String(body, StandardCharsets.UTF_8));
    }

    /** The {@code --data} argument that sends this body again: inline when short, else the file or stdin it came from. */
    public String retryArgument() {
        if (source.startsWith("@") || (source.equals("-") && body.length > INLINE_MAX)) {
            return source;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    static byte[] compact(byte[] json, String what) {
        byte[] compact = withoutWhitespace(json);
        if (compact.length == 0) {
            throw new UsageException(what + " is empty; give one JSON value (null, 1, \"text\", {...})");
        }
        try {
            Json.mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(json);
        } catch (JacksonException e) {
            throw new UsageException(what + " is not JSON: " + e.getOriginalMessage().strip().replaceAll("\\s*[\\r\\n]+\\s*", " ")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        return compact;
    }

    /** Drops the whitespace between tokens; strings, numbers and member order stay exactly as written. */
    static byte[] withoutWhitespace(byte[] json) {
        byte[] out = new byte[json.length];
        int n = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                out[n++] = b;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                out[n++] = b;
                inString = b == '"';
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] readStdin(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CliException("cannot read stdin (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("cannot read " + file + ": no such file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
