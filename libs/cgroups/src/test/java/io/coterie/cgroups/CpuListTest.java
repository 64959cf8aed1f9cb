package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CpuListTest {

    @Test
    void readsTheKernelsSyntax() {
        assertThat(CpuList.parse("0-3,8,10-11\n")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(CpuList.parse("")).isEmpty();
        assertThat(CpuList.parse("5")).containsExactly(5);
    }

    @Test
    void writesRanges() {
        assertThat(CpuList.format(Set.of(0, 1, 2, 3, 8, 10, 11))).isEqualTo("0-3,8,10-11");
        assertThat(CpuList.format(Set.of())).isEmpty();
        assertThat(CpuList.format(Set.of(1))).isEqualTo("1");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> CpuList.parse("3-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuList.parse("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void formatThenParseIsIdentity(@ForAll @Size(max = 40) Set<@IntRange(min = 0, max = 255) Integer> cpus) {
        assertThat(CpuList.parse(CpuList.format(cpus))).isEqualTo(cpus);
    }
}
