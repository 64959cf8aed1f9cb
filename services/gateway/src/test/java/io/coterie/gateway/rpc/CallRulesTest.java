package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.api.ProblemType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "speed.increase", "speed.get", "A1_b-c.d9", "x.y.z"})
    void methodsOfLetterLedSegmentsPass(String method) {
        assertThat(CallRules.methodViolation(method)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "1a", "a..b", "a b", "a/b", "speed.1up", "é", "_a", "a.-b"})
    void otherMethodsAreRefusedWithTheRule(String method) {
        assertThat(CallRules.methodViolation(method)).isPresent();
    }

    @Test
    void aMethodHasAtMost128Characters() {
        assertThat(CallRules.methodViolation("a".repeat(128))).isEmpty();
        assertThat(CallRules.methodViolation("a".repeat(129))).hasValueSatisfying(rule -> assertThat(rule).contains("128"));
    }

    @Test
    void keysAreOneTo200VisibleAsciiCharacters() {
        assertThat(CallRules.keyViolation("k")).isEmpty();
        assertThat(CallRules.keyViolation("!~" + "x".repeat(198))).isEmpty();
        assertThat(CallRules.keyViolation("x".repeat(201))).isPresent();
        assertThat(CallRules.keyViolation("")).isPresent();
        assertThat(CallRules.keyViolation("a b")).isPresent();
        assertThat(CallRules.keyViolation("a\tb")).isPresent();
        assertThat(CallRules.keyViolation("clé")).isPresent();
        assertThat(CallRules.isValidKey(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[1,2]", "\"s\"", "1", "null", " true ", "{\"a\":{\"b\":[1,{}]}}"})
    void oneJsonValueIsWellFormed(String body) {
        assertThat(CallRules.jsonViolation(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{} {}", "nul", " ", "{\"a\":}", "[1,]", "1 2", "'a'"})
    void anythingElseIsNot(String body) {
        assertThat(CallRules.jsonViolation(body.getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void timeoutsAreWholeMillisecondsFrom1To300000WithADefault() throws RefusedException {
        assertThat(CallRules.timeoutMillis(null)).isEqualTo(10_000);
        assertThat(CallRules.timeoutMillis("1")).isEqualTo(1);
        assertThat(CallRules.timeoutMillis("300000")).isEqualTo(300_000);
        for (String bad : new String[] {"0", "300001", "-5", "abc", "1.5", "", "99999999999"}) {
            assertThatThrownBy(() -> CallRules.timeoutMillis(bad)).as(bad).isInstanceOfSatisfying(RefusedException.class,
                    e -> assertThat(e.refusal().type()).isEqualTo(ProblemType.INVALID_REQUEST));
        }
    }

    @Test
    void namesFollowTheNamingRulesAndSystemNamesCannotBeCalled() throws RefusedException {
        assertThat(CallRules.callableName("/robots/r1").toString()).isEqualTo("/robots/r1");
        assertThatThrownBy(() -> CallRules.callableName("robots/r1")).isInstanceOfSatisfying(RefusedException.class,
                e -> assertThat(e.refusal().type()).isEqualTo(ProblemType.INVALID_NAME));
        assertThatThrownBy(() -> CallRules.callableName("/robots//r1")).isInstanceOfSatisfying(RefusedException.class,
                e -> assertThat(e.refusal().type()).isEqualTo(ProblemType.INVALID_NAME));
        assertThatThrownBy(() -> CallRules.callableName("/sys/services/naming")).isInstanceOfSatisfying(RefusedException.class,
                e -> assertThat(e.refusal().type()).isEqualTo(ProblemType.FORBIDDEN));
    }
}
