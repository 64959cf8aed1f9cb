package io.coterie.cli;

import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitStatusTest {

    @Test
    void aProblemDocumentBecomesExitOneWithItsDetailOnOneLine() throws IOException {
        try (StubServer server = new StubServer()) {
            server.answer(r -> problem(503, "no-quorum", "no quorum: no leader backed by a majority answered within 5000 ms"));

            Result result = Cli.against(server, "kv", "get", "a");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).containsExactly(
                    "coterie: no quorum: no leader backed by a majority answered within 5000 ms");
        }
    }

    @Test
    void anErrorThatIsNotAProblemStillSaysOneClearLine() throws IOException {
        try (StubServer server = new StubServer()) {
            server.answer(r -> new Response(502, "text/html", "<html>bad gateway</html>".getBytes(), null));

            Result result = Cli.against(server, "cluster", "status");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.errLines()).containsExactly("coterie: the server answered HTTP 502");
        }
    }

    @Test
    void nobodyListeningIsExitOneWithAHint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Result result = new Cli().run("kv", "get", "a", "--address", "http://127.0.0.1:" + port);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: cannot reach http://127.0.0.1:" + port
                + " (connection refused); is ./coterie dev running?");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Result result = new Cli().run("kv", "get", "a", "--verbose", "--address", "http://127.0.0.1:" + port);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()[0]).startsWith("coterie: cannot reach");
        assertThat(result.err()).contains("ConnectException", "\tat ");
    }

    @Test
    void missingArgumentsAreUsageErrorsWithAHint() {
        Result result = new Cli().run("kv", "put", "only-a-key");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(
                "coterie: Missing required parameter: 'VALUE'",
                "Try 'coterie kv put --help' for more information.");
    }

    @Test
    void unknownOptionsBadValuesAndMissingVerbsAreUsageErrors() {
        assertThat(new Cli().run("kv", "get", "a", "--frobnicate").exit()).isEqualTo(2);
        assertThat(new Cli().run("kv", "get", "a", "--timeout", "soon").err())
                .contains("'soon' is not a duration").contains("Try 'coterie kv get --help'");
        assertThat(new Cli().run("kv", "get", "a", "-o", "yaml").exit()).isEqualTo(2);
        assertThat(new Cli().run("kv").err()).startsWith("coterie: 'coterie kv' needs a subcommand: put, get");
        assertThat(new Cli().run("kv").exit()).isEqualTo(2);
        assertThat(new Cli().run().exit()).isEqualTo(2);
        assertThat(new Cli().run("nosuchnoun").exit()).isEqualTo(2);
        assertThat(new Cli().run("kv", "ls", "--limit", "0").exit()).isEqualTo(2);
        assertThat(new Cli().run("kv", "get", "a", "--address", "ftp://x").err())
                .startsWith("coterie: --address 'ftp://x' is not an http(s) URL");
    }

    @Test
    void everyCommandHasHelpAndAVersion() {
        List<String[]> paths = new ArrayList<>();
        collect(Coterie.commandLine(Cli.emptyContext(), "kv", "lease", "name", "session", "id", "cluster", "principal", "role",
                "token", "host", "job", "rpc", "telemetry", "bench"), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThanOrEqualTo(45);

        for (String[] path : paths) {
            List<String> args = new ArrayList<>(List.of(path));
            args.add("--help");
            Result help = new Cli().run(args.toArray(String[]::new));
            assertThat(help.exit()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).as(String.join(" ", args)).startsWith("Usage: coterie").contains("--address");

            args.set(args.size() - 1, "--version");
            assertThat(new Cli().run(args.toArray(String[]::new)).out()).startsWith("coterie ");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<String[]> into) {
        into.add(path.toArray(String[]::new));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }
}
