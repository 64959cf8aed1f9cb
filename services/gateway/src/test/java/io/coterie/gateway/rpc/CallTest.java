package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.api.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTest {

    private static RpcRequest request(List<String> grants, String name, String method, String body, String key) {
        return new RpcRequest("alice", grants, "token", name, method, body.getBytes(StandardCharsets.UTF_8), key,
                Instant.now().plusSeconds(10));
    }

    private static ProblemType refusal(RpcRequest request) {
        try {
            Call.of(request);
            throw new AssertionError("not refused");
        } catch (RefusedException e) {
            return e.refusal().type();
        }
    }

    @Test
    void callOnTheNameIsNeeded() throws RefusedException {
        assertThat(Call.of(request(List.of("call:/robots/"), "/robots/r1", "speed.get", "", null)).name().toString())
                .isEqualTo("/robots/r1");
        assertThat(Call.of(request(List.of("admin:"), "/robots/r1", "speed.get", "", null))).isNotNull();
        assertThat(refusal(request(List.of("read:/robots/", "write:/robots/"), "/robots/r1", "speed.get", "", null)))
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refusal(request(List.of("call:/robots/r2"), "/robots/r1", "speed.get", "", null))).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refusal(request(List.of(), "/robots/r1", "speed.get", "", null))).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(Call.of(request(List.of("not a grant", "call:/robots/"), "/robots/r1", "speed.get", "", null)))
                .as("a grant that does not parse is ignored, the others count").isNotNull();
    }

    @Test
    void whatWasSentIsCheckedBeforeWhatTheCallerMayDo() {
        List<String> none = List.of();
        assertThat(refusal(request(none, "/robots//r1", "speed.get", "", null))).isEqualTo(ProblemType.INVALID_NAME);
        assertThat(refusal(request(none, "/robots/r1", "speed..get", "", null))).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(refusal(request(none, "/robots/r1", "speed.get", "", "a key"))).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(refusal(request(none, "/robots/r1", "speed.get", "{", null))).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(refusal(request(none, "/robots/r1", "speed.get", "1".repeat(256 * 1024 + 1), null)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void anEmptyBodyIsNullAndKeysArePerPrincipal() throws RefusedException {
        Call empty = Call.of(request(List.of("call:/"), "/robots/r1", "speed.get", "", "k1"));
        Call explicit = Call.of(request(List.of("call:/"), "/robots/r1", "speed.get", "null", "k1"));
        assertThat(new String(empty.body(), StandardCharsets.UTF_8)).isEqualTo("null");
        assertThat(empty.requestSha256()).isEqualTo(explicit.requestSha256());
        assertThat(empty.recordKey()).startsWith("sys/rpc/calls/").hasSize("sys/rpc/calls/".length() + 64);

        RpcRequest bob = new RpcRequest("bob", List.of("call:/"), "token", "/robots/r1", "speed.get", new byte[0], "k1",
                Instant.now().plusSeconds(10));
        assertThat(Call.of(bob).recordKey()).as("another principal's key never meets alice's").isNotEqualTo(empty.recordKey());
        assertThat(Call.of(request(List.of("call:/"), "/robots/r1", "speed.get", "", null)).recordKey()).isNull();
    }
}
