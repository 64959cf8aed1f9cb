package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HostCapacityTest {

    private static final long GiB = 1024L * 1024 * 1024;

    @Test
    void byDefaultAHostOffersEveryCpuAndTheMemoryLessAReserve() {
        HostCapacity capacity = HostCapacity.resolve(null, null, Set.of(3, 1, 2, 0), 20 * GiB);

        assertThat(capacity.machineCpus()).containsExactly(0, 1, 2, 3);
        assertThat(capacity.memoryBytes()).isEqualTo(18 * GiB);
        assertThat(HostCapacity.resolve(null, null, Set.of(0), 2 * GiB).memoryBytes())
                .as("at least 512 MiB stay with the machine").isEqualTo(2 * GiB - 512 * HostCapacity.MiB);
        assertThat(HostCapacity.resolve(null, null, Set.of(0), 512 * HostCapacity.MiB).memoryBytes())
                .as("but never more than half").isEqualTo(256 * HostCapacity.MiB);
    }

    @Test
    void theSchedulersCpuIdsAreTheHostsCpusInOrder() {
        HostCapacity capacity = HostCapacity.resolve(2, 4 * GiB, Set.of(5, 7, 9), 64 * GiB);

        assertThat(capacity.cpus()).isEqualTo(2);
        assertThat(capacity.memoryBytes()).isEqualTo(4 * GiB);
        assertThat(capacity.machineCpu(0)).hasValue(5);
        assertThat(capacity.machineCpu(1)).hasValue(7);
        assertThat(capacity.machineCpu(2)).isEmpty();
        assertThat(capacity.exclusivePool()).as("the last CPU stays for shared workloads").containsExactly(5);
    }

    @Test
    void aHostCannotOfferCpusTheAgentCannotUse() {
        assertThatThrownBy(() -> HostCapacity.resolve(3, null, Set.of(0, 1), 8 * GiB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coterie.agent.cpus is 3 but only 2");
    }
}
