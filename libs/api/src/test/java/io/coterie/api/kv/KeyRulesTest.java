package io.coterie.api.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "app/config", "a.b/c-d_e", "robots/r1/speed", "x/.hidden", "中文/键", "a b", "50%"})
    void acceptsRelativePaths(String key) {
        assertThat(KeyRules.keyViolation(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "trailing/", "a//b", "a/./b", "a/../b", "..", ".", "tab\there", "back\\slash", "nul\u0000"})
    void rejectsEverythingElse(String key) {
        assertThat(KeyRules.keyViolation(key)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void rejectsKeysOverTheLimitWithTheNumbers() {
        String longKey = "k".repeat(KvLimits.MAX_KEY_BYTES + 1);
        assertThat(KeyRules.keyViolation(longKey)).contains("key is 1025 bytes long; the limit is 1024");
        assertThat(KeyRules.keyViolation("k".repeat(KvLimits.MAX_KEY_BYTES))).isEmpty();
        // The limit counts UTF-8 bytes, not characters: 342 three-byte characters are 1026 bytes.
        assertThat(KeyRules.keyViolation("键".repeat(342))).isPresent();
    }

    @org.junit.jupiter.api.Test
    void rejectsBrokenSurrogates() {
        assertThat(KeyRules.keyViolation("a\uD800b")).contains("key is not valid Unicode text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app/", "app", "app/con", "a/."})
    void prefixesMayEndAnywhere(String prefix) {
        assertThat(KeyRules.prefixViolation(prefix)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app", "a//", "../x", "a/../"})
    void prefixesFollowTheKeyRulesForWholeSegments(String prefix) {
        assertThat(KeyRules.prefixViolation(prefix)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void requireThrowsWithTheRule() {
        assertThatThrownBy(() -> KeyRules.requireValidKey("/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start with '/'");
    }
}
