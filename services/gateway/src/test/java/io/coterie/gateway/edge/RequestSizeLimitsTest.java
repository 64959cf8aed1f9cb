package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Bodies over the limit (64 KiB on routes here, 256 KiB under /v1/rpc) get 413 problem+json: by
 * their declared length at once, and chunked ones once the bytes streamed in pass the limit; the
 * service never sees them.
 */
class RequestSizeLimitsTest extends EdgeTestSupport {

    private static final String ALICE = "size-alice";
    private static final long RPC_MAX_BODY = 256 * 1024;

    private HttpResponse<String> put(String path, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(request(path, ALICE).header("Content-Type", "application/json").PUT(publisher));
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://coterie.dev/problems/payload-too-large").doesNotContain("Exception");
    }

    @Test
    void bodiesOverTheLimitAreRefusedByLengthAndWhileTheyStream() throws Exception {
        try (StubService identity = StubService.start(StubService.json(200, "{\"name\":\"r\"}"))) {
            identity.register(store().client, "identity", "i1");
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/roles", ALICE).statusCode() == 200);

            assertThat(put("/v1/roles/fits", new byte[(int) MAX_BODY], false).statusCode()).isEqualTo(200);
            assertThat(put("/v1/roles/fits-chunked", new byte[(int) MAX_BODY], true).statusCode()).isEqualTo(200);
            assertThat(identity.seen()).filteredOn(seen -> seen.path().startsWith("/v1/roles/fits"))
                    .extracting(StubService.Seen::bodyBytes).containsOnly((int) MAX_BODY);

            HttpResponse<String> declared = put("/v1/roles/big", new byte[(int) MAX_BODY + 1], false);
            assertTooLarge(declared);
            assertThat(declared.body()).contains(Long.toString(MAX_BODY));
            assertTooLarge(put("/v1/roles/big-chunked", new byte[(int) MAX_BODY * 2], true));
            assertThat(identity.count("PUT", "/v1/roles/big")).as("the service never saw them").isZero();

            assertThat(put("/v1/roles/after", new byte[10], false).statusCode()).as("the gateway goes on serving").isEqualTo(200);
        }
    }

    @Test
    void rpcCallsHaveTheirOwnLimit() {
        HttpResponse<String> response = send(request("/v1/rpc/robots/r1/speed.set", ALICE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) RPC_MAX_BODY + 1])));
        assertTooLarge(response);
        assertThat(response.body()).contains(Long.toString(RPC_MAX_BODY));
    }
}
