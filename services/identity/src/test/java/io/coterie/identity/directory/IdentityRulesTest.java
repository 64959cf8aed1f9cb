package io.coterie.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.api.ProblemType;
import io.coterie.service.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {

    @Test
    void namesFollowTheDocumentedRule() {
        for (String good : List.of("a", "0", "root", "ci-bot", "svc.payments_2", "a".repeat(63))) {
            assertThat(IdentityRules.principalName(good)).isEqualTo(good);
            assertThat(IdentityRules.roleName(good)).isEqualTo(good);
        }
        for (String bad : Arrays.asList(null, "", "A", "Root", "-a", ".a", "_a", "a b", "a/b", "a:b", "a".repeat(64), "é", "a\n")) {
            assertThatThrownBy(() -> IdentityRules.principalName(bad)).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains("principal name").doesNotContain("\n");
                    });
        }
    }

    @Test
    void grantsAreCheckedCanonicalAndDeduplicatedInOrder() {
        assertThat(IdentityRules.grants(List.of("write:apps/a/", "read:/apps/a/", "write:apps/a/", "admin:")))
                .containsExactly("write:apps/a/", "read:/apps/a/", "admin:");
        assertThat(IdentityRules.grants(List.of())).isEmpty();
        for (String bad : Arrays.asList("read", ":apps/", "fly:apps/", "Read:apps/", "read:a\u0000b", null)) {
            List<String> grants = new ArrayList<>();
            grants.add(bad);
            assertThatThrownBy(() -> IdentityRules.grants(grants)).as(String.valueOf(bad))
                    .isInstanceOf(ApiException.class).hasMessageStartingWith("bad grant");
        }
        assertThatThrownBy(() -> IdentityRules.grants(null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> IdentityRules.grants(Collections.nCopies(257, "read:a/"))).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> IdentityRules.grants(List.of("read:" + "a".repeat(1024)))).hasMessageContaining("1024");
    }

    @Test
    void roleListsAreCheckedAndDeduplicated() {
        assertThat(IdentityRules.roleNames(null)).isEmpty();
        assertThat(IdentityRules.roleNames(List.of("b", "a", "b"))).containsExactly("b", "a");
        assertThatThrownBy(() -> IdentityRules.roleNames(List.of("ok", "Not OK"))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> IdentityRules.roleNames(Collections.nCopies(65, "r"))).hasMessageContaining("at most 64");
    }

    @Test
    void secretsAreLongEnoughButNotLongerThanBcryptReadsAndNeverEchoed() {
        assertThat(IdentityRules.secretProblem("sixteen-chars-ok")).isNull();
        assertThat(IdentityRules.secretProblem("x".repeat(72))).isNull();
        assertThat(IdentityRules.secretProblem("fifteen-chars-x")).contains("at least 16");
        assertThat(IdentityRules.secretProblem(null)).contains("at least 16");
        assertThat(IdentityRules.secretProblem("x".repeat(73))).contains("72 bytes");
        assertThat(IdentityRules.secretProblem("é".repeat(37))).as("74 bytes of UTF-8").contains("72 bytes");
        assertThat(IdentityRules.secretProblem("tab\tinside-the-secret")).contains("control");
        assertThatThrownBy(() -> IdentityRules.secret("short-secret")).isInstanceOf(ApiException.class)
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void generatedSecretsAre256RandomBitsInBase64Url() {
        String one = Secrets.generate();
        assertThat(one).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(IdentityRules.secretProblem(one)).isNull();
        assertThat(Secrets.generate()).isNotEqualTo(one);
    }
}
