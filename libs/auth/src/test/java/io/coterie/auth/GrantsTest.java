package io.coterie.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void aGrantCoversItsPrefixAndNothingElse() {
        Grants grants = Grants.parse(List.of("write:/apps/a/", "read:apps/a/"));
        assertThat(grants.allows(Action.WRITE, "/apps/a/config")).isTrue();
        assertThat(grants.allows(Action.WRITE, "/apps/b/config")).isFalse();
        assertThat(grants.allows(Action.WRITE, "/apps/ab")).isFalse();
        assertThat(grants.allows(Action.READ, "/apps/a/config")).as("write does not imply read").isFalse();
        assertThat(grants.allows(Action.READ, "apps/a/key")).isTrue();
        assertThat(grants.allows(Action.READ, "apps/b/key")).isFalse();
        assertThat(grants.allowsSomewhere(Action.WRITE)).isTrue();
        assertThat(grants.allowsSomewhere(Action.CALL)).isFalse();
        assertThat(grants.isAdmin()).isFalse();
    }

    @Test
    void adminCoversEveryActionUnderItsPrefix() {
        Grants grants = Grants.parse(List.of("admin:/apps/"));
        assertThat(grants.allows(Action.CALL, "/apps/robot")).isTrue();
        assertThat(grants.allows(Action.READ, "/other")).isFalse();
        assertThat(Grants.parse(List.of("admin:")).isAdmin()).isTrue();
    }

    @Test
    void systemKeysNeedAdminWhateverElseIsGranted() {
        Grants reader = Grants.parse(List.of("read:"));
        assertThat(reader.allows(Action.READ, "apps/x")).isTrue();
        assertThat(reader.allows(Action.READ, "sys/identity/keys/k1")).isFalse();
        assertThat(Grants.parse(List.of("admin:")).allows(Action.READ, "sys/identity/keys/k1")).isTrue();
    }

    @Test
    void systemNamesNeedAdminToChangeButNotToResolve() {
        Grants everything = Grants.parse(List.of("read:", "write:"));
        assertThat(everything.allows(Action.READ, "/sys/services/naming/n1")).isTrue();
        assertThat(everything.allows(Action.WRITE, "/sys/services/naming/n1")).isFalse();
        assertThat(everything.allows(Action.WRITE, "names/sys/services/naming/n1")).as("nor around naming, as a key").isFalse();
        assertThat(everything.allows(Action.WRITE, "/system/x")).isTrue();
        assertThat(Grants.parse(List.of("admin:/sys/")).allows(Action.WRITE, "/sys/services/naming/n1")).isTrue();
    }

    @Test
    void badGrantsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Grant.parse("fly:/x")).hasMessageContaining("not an action");
        assertThatThrownBy(() -> Grant.parse("read")).hasMessageContaining("ACTION:PREFIX");
        assertThatThrownBy(() -> Grant.parse(":x")).hasMessageContaining("ACTION:PREFIX");
        assertThat(Grant.parse("read:/a/").toString()).isEqualTo("read:/a/");
    }
}
