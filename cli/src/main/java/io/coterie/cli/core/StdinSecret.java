package io.coterie.cli.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Secrets come from stdin only, never from an argument or the environment, so they stay out of
 * process listings and shell history: {@code coterie token create --login ci --secret-stdin < file}.
 */
public final class StdinSecret {

    /** Longer than any secret; a first line that has more is not a secret but a mistake. */
    private static final int MAX_BYTES = 4096;

    private StdinSecret() {
    }

    /**
     * Reads the secret: stdin's first line, without its line ending. It stops at the newline, so a
     * person typing the secret needs no Ctrl-D. Nothing there is a usage error.
     */
    public static String read(CliContext context) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = context.in().read(); b != -1 && b != '\n'; b = context.in().read()) {
                if (line.size() == MAX_BYTES) {
                    throw new UsageException("--secret-stdin: the first line of stdin is longer than " + MAX_BYTES + " bytes");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new CliException("cannot read the secret from stdin (" + e.getMessage() + ")", e);
        }
        String secret = line.toString(StandardCharsets.UTF_8);
        if (secret.endsWith("\r")) {
            secret = secret.substring(0, secret.length() - 1);
        }
        if (secret.isEmpty()) {
            throw new UsageException("--secret-stdin: no secret on stdin (give it on the first line)");
        }
        return secret;
    }
}
