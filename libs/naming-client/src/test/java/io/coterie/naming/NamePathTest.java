package io.coterie.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NamePathTest {

    @Test
    void aNameKnowsItsStoreKeyParentAndSegments() {
        NamePath name = NamePath.of("/apps/a/config");
        assertThat(name.storeKey()).isEqualTo("names/apps/a/config");
        assertThat(name.segments()).containsExactly("apps", "a", "config");
        assertThat(name.parent()).contains(NamePath.of("/apps/a"));
        assertThat(NamePath.of("/apps").parent()).isEmpty();
        assertThat(NamePath.fromStoreKey("names/apps/a")).isEqualTo(NamePath.of("/apps/a"));
        assertThat(NamePath.of("/a").child("b.c_d-1")).hasToString("/a/b.c_d-1");
    }

    @Test
    void everyBrokenRuleIsNamed() {
        assertRule("apps/a", "must start with '/'");
        assertRule("", "must not be empty");
        assertRule("/", "at least one segment");
        assertRule("/apps/", "empty segment");
        assertRule("/apps//a", "empty segment");
        assertRule("/apps/../etc", "'..' segment");
        assertRule("/apps/./a", "'.' segment");
        assertRule("/apps/a b", "letters, digits, '.', '_' and '-'");
        assertRule("/apps/ü", "letters, digits, '.', '_' and '-'");
        assertRule("/apps/a\u0000", "\\u0000");
        assertRule("/" + "s".repeat(129), "a segment has 1 to 128");
        assertRule("/a".repeat(33), "33 segments; the limit is 32");
        assertRule(("/" + "x".repeat(100)).repeat(9), "bytes long; the limit is 900 bytes");
        assertThat(NamePath.of("/a".repeat(32)).segments()).hasSize(32);
        assertThat(NamePath.of("/" + "s".repeat(128)).segments().get(0)).hasSize(128);
    }

    private static void assertRule(String name, String rule) {
        assertThatThrownBy(() -> NamePath.of(name)).isInstanceOf(InvalidNameException.class).hasMessageContaining(rule);
    }

    @Test
    void prefixesMayEndAfterASlashOrInsideASegment() {
        assertThat(NamePrefix.of("/").storeKeyPrefix()).isEqualTo("names/");
        assertThat(NamePrefix.of("/apps/").storeKeyPrefix()).isEqualTo("names/apps/");
        assertThat(NamePrefix.of("/apps/a").covers(NamePath.of("/apps/ab"))).isTrue();
        assertThat(NamePrefix.of("/apps/.").covers(NamePath.of("/apps/.hidden"))).isTrue();
        for (String bad : List.of("apps/", "/apps//", "/../", "/a b", "")) {
            assertThatThrownBy(() -> NamePrefix.of(bad)).as(bad).isInstanceOf(InvalidNameException.class);
        }
    }

    @Test
    void childrenAreOneSegmentBelowThePrefix() {
        NamePrefix apps = NamePrefix.of("/apps/");
        assertThat(apps.coversAsChild(NamePath.of("/apps/a"))).isTrue();
        assertThat(apps.coversAsChild(NamePath.of("/apps/a/b"))).isFalse();
        assertThat(apps.coversAsChild(NamePath.of("/apps2"))).isFalse();
        assertThat(NamePrefix.of("/").coversAsChild(NamePath.of("/top"))).isTrue();
    }

    @Property
    void validNamesSurviveTheTripThroughTheStore(@ForAll("names") String text) {
        NamePath name = NamePath.of(text);
        assertThat(NamePath.fromStoreKey(name.storeKey())).isEqualTo(name);
        assertThat("/" + String.join("/", name.segments())).isEqualTo(text);
        assertThat(NamePrefix.of(text).covers(name)).isTrue();
        name.parent().ifPresent(parent -> assertThat(NamePrefix.of(parent + "/").coversAsChild(name)).isTrue());
    }

    @Property
    void aForeignCharacterAnywhereIsRefused(@ForAll("names") String text, @ForAll("foreign") char bad,
                                            @ForAll int position) {
        int at = 1 + Math.floorMod(position, text.length());
        String broken = text.substring(0, at) + bad + text.substring(at);
        assertThatThrownBy(() -> NamePath.of(broken)).isInstanceOf(InvalidNameException.class);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(8).map(segments -> "/" + String.join("/", segments));
    }

    @Provide
    Arbitrary<Character> foreign() {
        return Arbitraries.of(' ', '\\', '\u0000', '\n', 'é', '*', '?', '%', ':', '#', '~');
    }
}
