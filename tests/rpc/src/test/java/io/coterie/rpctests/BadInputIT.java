package io.coterie.rpctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Through the real gateway to a real robot: every mistake a caller can make is a 4xx problem
 * document with Coterie-Outcome: rejected, never a 5xx, never a stack trace; and none of them
 * moves the robot.
 */
class BadInputIT {

    private static void assertRejected(String what, RpcCaller.Answer answer, int status, String type) {
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
        assertThat(answer.outcome()).as(what).isEqualTo("rejected");
        assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asString()).as(what).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.get("outcome").asString()).as(what).isEqualTo("rejected");
        assertThat(answer.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyMistakeIsRejectedAndNothingMoves() throws Exception {
        RpcPlatform platform = RpcPlatform.shared();
        RpcCaller caller = platform.caller(platform.callerToken("careless"));
        try (RobotProcess robot = RobotProcess.start(platform, "careless-1", 0, 0)) {
            String name = robot.name();
            long before = caller.speed(name);

            assertRejected("malformed JSON", caller.call(name, "speed.increase", "{\"by\":", null, null), 400, "invalid-request");
            assertRejected("oversized body", caller.call(name, "speed.increase", "\"" + "x".repeat(300_000) + "\"", null, null),
                    413, "payload-too-large");
            assertRejected("unknown name", caller.call("/robots/nobody-" + System.nanoTime(), "speed.increase", "{}", null, null),
                    404, "not-found");
            assertRejected("bad method name", caller.call(name, "speed..increase", "{}", null, null), 400, "invalid-request");
            assertRejected("bad key", caller.call(name, "speed.increase", "{}", "two words", null), 400, "invalid-request");
            assertRejected("bad timeout", caller.call(name, "speed.increase", "{}", null, 0), 400, "invalid-request");
            assertRejected("not JSON", caller.send(caller.request(name, "speed.increase").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "unsupported-media-type");
            assertRejected("missing token", caller.as(null).call(name, "speed.increase", "{}", null, null), 401, "unauthorized");
            String readOnly = platform.store().tokens().token("reader", List.of("read:/robots/"), java.time.Duration.ofMinutes(10));
            assertRejected("missing grant", caller.as(readOnly).call(name, "speed.increase", "{}", null, null), 403, "forbidden");
            assertRejected("argument the robot refuses", caller.call(name, "speed.increase", "{\"by\":0}", "refused-" + System.nanoTime(), null),
                    400, "invalid-request");
            assertRejected("method the robot lacks", caller.call(name, "speed.reverse", "{}", null, null), 404, "not-found");

            String key = "reused-" + System.nanoTime();
            assertThat(caller.call(name, "speed.increase", "{\"by\":2}", key, null).executed()).isTrue();
            RpcCaller.Answer reused = caller.call(name, "speed.increase", "{\"by\":3}", key, null);
            assertRejected("reused key", reused, 422, "idempotency-key-reused");
            assertThat(reused.json().get("idempotencyKey").asString()).isEqualTo(key);

            assertThat(caller.speed(name)).as("only the one good command moved the robot").isEqualTo(before + 2);
        }
    }
}
