package io.coterie.cli.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RpcDataTest {

    private static String compact(String json) {
        return new String(RpcData.compact(json.getBytes(StandardCharsets.UTF_8), "--data"), StandardCharsets.UTF_8);
    }

    @Test
    void dropsOnlyTheWhitespaceBetweenTokens() {
        assertThat(compact(" {\n\t\"a b\" : [ 1 , 2.50, -1e3 ] ,\r\n \"c\": { } }\n")).isEqualTo("{\"a b\":[1,2.50,-1e3],\"c\":{}}");
    }

    @Test
    void stringsStayExactlyAsWrittenEscapesIncluded() {
        assertThat(compact("[ \"say \\\"hi  there\\\" \", \"back\\\\\" , \"\\u0020 x\" ]"))
                .isEqualTo("[\"say \\\"hi  there\\\" \",\"back\\\\\",\"\\u0020 x\"]");
    }

    @Test
    void theSameJsonSpacedDifferentlyBecomesTheSameBytes() {
        assertThat(compact("{\"by\": 1, \"unit\": \"m/s\"}")).isEqualTo(compact("{ \"by\":1,\n  \"unit\":\"m/s\" }"));
    }

    @Test
    void anythingButOneJsonValueIsAUsageError() {
        assertThatThrownBy(() -> compact("{\"a\":1} {\"b\":2}")).isInstanceOf(UsageException.class).hasMessageStartingWith("--data is not JSON");
        assertThatThrownBy(() -> compact("{'a':1}")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> compact("\"raw\ttab\"")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> compact("")).isInstanceOf(UsageException.class).hasMessageContaining("empty");
    }
}
