package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class JobSpecTest {

    private static JobSpec.Builder valid() {
        return JobSpec.builder("web-1").command("/usr/bin/web", "--port", "8080").env(Map.of("MODE", "prod"))
                .cpu(CpuRequest.shared(500)).memoryBytes(256L << 20);
    }

    private static void rejects(UnaryOperator<JobSpec.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(InvalidJobSpecException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void aValidSpecKeepsWhatItWasGivenAndDefaultsTheRest() {
        JobSpec job = valid().constraints("zone=edge", "disk!=hdd").affinityPath("/data/logs").build();

        assertThat(job.args()).containsExactly("--port", "8080");
        assertThat(job.env()).containsEntry("MODE", "prod");
        assertThat(job.constraints()).extracting(LabelConstraint::toString).containsExactly("zone=edge", "disk!=hdd");
        assertThat(job.affinityPath()).contains("/data/logs");
        assertThat(job.replicas()).isEqualTo(1);
        assertThat(job.priority()).isZero();
        assertThat(job.strategy()).isEqualTo(PlacementStrategy.SPREAD);
        assertThat(job.restart()).isEqualTo(RestartPolicy.never());
        assertThat(valid().build().affinityPath()).isEqualTo(Optional.empty());
    }

    @Test
    void names() {
        rejects(b -> JobSpec.builder("Web").command("x").cpu(CpuRequest.shared(1)).memoryBytes(1),
                "name must match [a-z0-9][a-z0-9-]{0,62} (got 'Web')");
        rejects(b -> JobSpec.builder("-web").command("x").cpu(CpuRequest.shared(1)).memoryBytes(1),
                "name must match [a-z0-9][a-z0-9-]{0,62} (got '-web')");
        rejects(b -> JobSpec.builder("a".repeat(64)).command("x").cpu(CpuRequest.shared(1)).memoryBytes(1),
                "name must match [a-z0-9][a-z0-9-]{0,62} (got '" + "a".repeat(64) + "')");
        assertThat(JobSpec.builder("a".repeat(63)).command("x").cpu(CpuRequest.shared(1)).memoryBytes(1).build().name())
                .hasSize(63);
    }

    @Test
    void counts() {
        rejects(b -> b.replicas(0), "replicas must be between 1 and 1000 (got 0)");
        rejects(b -> b.replicas(1001), "replicas must be between 1 and 1000 (got 1001)");
        rejects(b -> b.priority(-1), "priority must be between 0 and 1000 (got -1)");
        rejects(b -> b.priority(1001), "priority must be between 0 and 1000 (got 1001)");
        assertThat(valid().replicas(1000).priority(1000).build().priority()).isEqualTo(1000);
    }

    @Test
    void resources() {
        rejects(b -> b.memoryBytes(0), "memory must be more than 0 bytes (got 0)");
        rejects(b -> b.cpu(null), "cpu is required");
        rejects(b -> b.cpu(CpuRequest.shared(0)), "shared CPU must be between 1 and 1024000 millicores (got 0)");
        rejects(b -> b.cpu(CpuRequest.exclusive(0)), "exclusive CPUs must be between 1 and 1024 (got 0)");
        rejects(b -> b.cpu(CpuRequest.exclusive(1025)), "exclusive CPUs must be between 1 and 1024 (got 1025)");
    }

    @Test
    void constraints() {
        rejects(b -> b.constraints("zone"), "label constraint must be key=value or key!=value (got 'zone')");
        rejects(b -> b.constraints("=edge"), "label key must match [A-Za-z0-9][A-Za-z0-9._/-]{0,62} (got '')");
        rejects(b -> b.constraints("zone="), "label value must match [A-Za-z0-9._-]{1,63} (got '')");
        rejects(b -> b.constraints("zone==edge"), "label value must match [A-Za-z0-9._-]{1,63} (got '=edge')");
        assertThat(LabelConstraint.parse("zone!=edge")).isEqualTo(LabelConstraint.notEqual("zone", "edge"));
    }

    @Test
    void affinityPaths() {
        rejects(b -> b.affinityPath("data/logs"),
                "affinity path must be absolute with non-empty segments, like /data/set (got 'data/logs')");
        rejects(b -> b.affinityPath("/data//logs"),
                "affinity path must be absolute with non-empty segments, like /data/set (got '/data//logs')");
        rejects(b -> b.affinityPath("/"),
                "affinity path must be absolute with non-empty segments, like /data/set (got '/')");
    }

    @Test
    void everythingElse() {
        rejects(b -> b.command(" "), "command must not be blank");
        rejects(b -> b.strategy(null), "strategy is required (SPREAD or BINPACK)");
        rejects(b -> b.restart(null), "restart policy is required");
        assertThatThrownBy(() -> new RestartPolicy(RestartPolicy.Mode.NEVER, 3))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessage("restart mode NEVER allows no restarts (got max restarts 3)");
        assertThatThrownBy(() -> RestartPolicy.onFailure(-1))
                .hasMessage("max restarts must be between 0 and 1000000 (got -1)");
        assertThat(valid().restart(RestartPolicy.always(5)).build().restart().maxRestarts()).isEqualTo(5);
    }
}
