package io.coterie.identity.directory;

import io.coterie.identity.IdentitySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * On the first start, creates {@code root} with the secret an operator put in a file. There is no
 * fallback that invents a secret and logs it: a secret in a log is a secret anyone may have read.
 */
@Component
class RootBootstrap implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(RootBootstrap.class);

    private final PrincipalRepository principals;
    private final Directory directory;
    private final SecretEncoder encoder;
    private final IdentitySettings settings;

    RootBootstrap(PrincipalRepository principals, Directory directory, SecretEncoder encoder, IdentitySettings settings) {
        this.principals = principals;
        this.directory = directory;
        this.encoder = encoder;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (principals.exists(Directory.ROOT)) {
            return;
        }
        String secret = readRootSecret(settings.rootSecretFile());
        if (directory.bootstrapRoot(encoder.encode(secret))) {
            LOG.info("Created principal 'root' with role 'admin' (its secret is the one in {})", settings.rootSecretFile());
        }
    }

    static String readRootSecret(Path file) {
        if (file == null) {
            throw new IllegalStateException("principal 'root' does not exist yet and no secret for it is configured: "
                    + "set COTERIE_IDENTITY_ROOT_SECRET_FILE (coterie.identity.root-secret-file) to a file holding root's "
                    + "secret, at least " + IdentityRules.MIN_SECRET_CHARS + " characters");
        }
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read root's secret from " + file, e);
        }
        String problem = IdentityRules.secretProblem(secret);
        if (problem != null) {
            throw new IllegalStateException("root's secret in " + file + " is not acceptable: " + problem);
        }
        return secret;
    }
}
