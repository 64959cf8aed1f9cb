package io.coterie.cli.kv;

import io.coterie.api.kv.PutResultView;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UrlEncoding;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Writes a key's value and prints the new revision.")
public final class KvPut extends DataCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "The key, a relative path such as app/config.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value as UTF-8 text; '-' reads the value's bytes from stdin. Put -- before a value that starts with '-'.")
    String value;

    @Option(names = "--if-revision", paramLabel = "N",
            description = "Write only if the key's mod revision is N (0: only if the key does not exist); else exit 1.")
    Long ifRevision;

    @Option(names = "--lease", paramLabel = "ID", description = "Attach the key to this lease (it goes when the lease ends).")
    Long lease;

    @Override
    protected void run() throws Exception {
        byte[] body = value.equals("-") ? context().in().readAllBytes() : value.getBytes(StandardCharsets.UTF_8);
        byte[] answer = api().send("PUT", KeyPaths.of(key), UrlEncoding.params("ifRevision", ifRevision, "lease", lease),
                BodyPublishers.ofByteArray(body), "application/octet-stream");
        PutResultView result = Json.read(answer, PutResultView.class);
        print(result, () -> result.revision() + "\n");
    }
}
