package io.coterie.cli.rpc;

import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.ConnectionErrors;
import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Durations;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.UsageException;
import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Calls METHOD on the workload bound under NAME through the gateway (POST /v1/rpc{NAME}/{METHOD}) and "
                + "prints its JSON result.",
        footer = {"",
                "Every call carries an idempotency key (a random one unless --idempotency-key gives it; none with "
                        + "--no-idempotency-key), so the command runs at most once however often it is retried with that key.",
                "Exit status: 0 the command ran (executed); 1 it did not run (rejected: the problem's detail on stderr), or "
                        + "its outcome is unknown: stderr then says so and gives the command that retries with the same key "
                        + "to learn the outcome; 2 usage error (a malformed --data, method or key).",
                "--timeout is the call's whole budget, sent as Coterie-Timeout: 1ms to 5m, default 10s."})
public final class RpcCall extends DataCommand {

    static final Duration DEFAULT_BUDGET = RpcWire.DEFAULT_TIMEOUT;
    static final Duration MAX_BUDGET = Duration.ofMillis(RpcWire.MAX_TIMEOUT_MILLIS);
    /** The gateway answers by the deadline; we wait this much longer for that answer to arrive (the budget, from 1 s to 5 s). */
    static Duration answerGrace(Duration budget) {
        return budget.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : budget.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : budget;
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The name the workload is bound under, such as /robots/r1.")
    String name;

    @Parameters(index = "1", paramLabel = "METHOD", description = "The method, such as speed.increase.")
    String method;

    @Option(names = "--data", paramLabel = "JSON",
            description = "The argument, one JSON value: inline, @FILE, or - for stdin (default: none, which the method reads as null).")
    String data;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "The call's idempotency key (1 to 200 visible ASCII characters); repeat a call with the same key, "
                    + "name, method and data to learn its outcome without running it twice.")
    String idempotencyKey;

    @Option(names = "--no-idempotency-key",
            description = "Send no key: for queries, which need no at-most-once guarantee and so skip the gateway's store write. "
                    + "An unknown outcome then cannot be followed up.")
    boolean noIdempotencyKey;

    @Override
    protected void run() throws Exception {
        String path = RpcTargets.gatewayPath(name, method);
        if (noIdempotencyKey && idempotencyKey != null) {
            throw new UsageException("--idempotency-key and --no-idempotency-key exclude each other");
        }
        String key = noIdempotencyKey ? null : idempotencyKey != null ? IdempotencyKeys.check(idempotencyKey) : IdempotencyKeys.random();
        Duration budget = budget();
        RpcData argument = RpcData.parse(data, context());

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RpcWire.TIMEOUT_HEADER, Long.toString(budget.toMillis()));
        if (key != null) {
            headers.put(RpcWire.IDEMPOTENCY_KEY_HEADER, key);
        }
        Duration wait = budget.plus(answerGrace(budget));
        ApiClient api = new ApiClient(global().address(), global().token(), wait);
        HttpResponse<byte[]> response;
        try {
            response = api.exchange("POST", path, argument.body() == null ? null : BodyPublishers.ofByteArray(argument.body()),
                    argument.body() == null ? null : "application/json", headers);
        } catch (IOException e) {
            CliException failure = ConnectionErrors.describe(api.base(), wait, e);
            if (ConnectionErrors.beforeSending(e)) {
                throw failure;
            }
            throw new CliException(unknown(failure.getMessage(), key, argument), e);
        }
        RpcAnswer answer = RpcAnswer.of(response);
        switch (answer.outcome()) {
            case EXECUTED -> printResult(answer);
            case REJECTED -> throw new CliException(answer.problemLine());
            case UNKNOWN -> throw new CliException(answer.workloadFailed()
                    ? answer.problemLine() + " (outcome unknown: the method failed after it started and may have done part of its work"
                            + (key == null ? ")" : "; idempotency key " + key + ")")
                    : unknown(answer.problemLine(), key, argument));
        }
    }

    private Duration budget() {
        Duration budget = global().explicitTimeout().orElse(DEFAULT_BUDGET);
        if (budget.toMillis() < 1 || budget.compareTo(MAX_BUDGET) > 0) {
            throw new UsageException("--timeout for rpc call is the call's budget: 1ms to " + Durations.format(MAX_BUDGET));
        }
        return budget;
    }

    private void printResult(RpcAnswer answer) {
        if (answer.replayed()) {
            err().println("coterie: replayed: the call with this idempotency key had already run; this is its stored result");
        }
        byte[] body = answer.body() == null || answer.body().length == 0 ? "null".getBytes(StandardCharsets.UTF_8) : answer.body();
        if (json() || !answer.contentType().contains("json")) {
            out().write(body, 0, body.length);
            out().println();
        } else {
            out().println(Json.writePretty(Json.tree(body)));
        }
    }

    /** One line: what happened, that the command may still run, and how to learn whether it did. */
    private String unknown(String what, String key, RpcData argument) {
        if (key == null) {
            return what + " (outcome unknown: the command may still run, and without an idempotency key a retry may run it again)";
        }
        return what + " (outcome unknown: the command may still run); to learn its outcome, retry with the same key: "
                + retryCommand(key, argument);
    }

    private String retryCommand(String key, RpcData argument) {
        StringBuilder command = new StringBuilder("coterie rpc call ").append(ShellWords.quote(name)).append(' ')
                .append(ShellWords.quote(method)).append(" --idempotency-key ").append(ShellWords.quote(key));
        if (argument.body() != null) {
            command.append(" --data ").append(ShellWords.quote(argument.retryArgument()));
        }
        global().explicitTimeout().ifPresent(t -> command.append(" --timeout ").append(Durations.format(t)));
        global().explicitAddress().ifPresent(a -> command.append(" --address ").append(ShellWords.quote(a)));
        return command.toString();
    }
}
