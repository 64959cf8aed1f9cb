package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecTest {

    @Test
    void theExclusivePoolMustLeaveACpuForSharedWorkloads() {
        assertThatThrownBy(() -> HostSpec.of("coterie", "h", Set.of(0, 1), Set.of(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves no CPU");
        assertThatThrownBy(() -> HostSpec.of("coterie", "h", Set.of(0, 1), Set.of(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not within");
    }

    @Test
    void hostCapacityFitsItsCpus() {
        assertThatThrownBy(() -> HostSpec.of("coterie", "h", Set.of(0, 1), Set.of()).withCpuMillis(2001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HostSpec.of("coterie/nested", "h", Set.of(0, 1), Set.of()).group()).isEqualTo("coterie/nested/h");
    }

    @Test
    void idsAreSafeDirectoryNames() {
        assertThatThrownBy(() -> WorkloadSpec.builder("../etc", List.of("true")).cpuMillis(10).logDir(Path.of("/tmp")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSpec.of("coterie//x", "h", Set.of(0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSpec.of("coterie", "a b", Set.of(0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWorkloadMustSayHowMuchCpuItGets() {
        assertThatThrownBy(() -> WorkloadSpec.builder("w", List.of("true")).logDir(Path.of("/tmp")).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("cpu");
        assertThatThrownBy(() -> CpuRequest.shared(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuRequest.exclusive(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CpuRequest.exclusiveCpus(Set.of(2, 3)).millis()).isEqualTo(2000);
    }

    @Test
    void smallCpuSharesGetALongerPeriodRatherThanARoundedUpQuota() {
        assertThat(V1Driver.cfsQuotaAndPeriod(500)).containsExactly(50_000, 100_000);
        assertThat(V1Driver.cfsQuotaAndPeriod(2000)).containsExactly(200_000, 100_000);
        assertThat(V1Driver.cfsQuotaAndPeriod(10)).containsExactly(1_000, 100_000);
        assertThat(V1Driver.cfsQuotaAndPeriod(5)).containsExactly(1_000, 200_000);
        assertThat(V1Driver.cfsQuotaAndPeriod(1)).containsExactly(1_000, 1_000_000);
    }
}
