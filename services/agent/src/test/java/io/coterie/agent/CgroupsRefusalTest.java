package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.cgroups.CgroupDriver;
import io.coterie.cgroups.Cgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A machine without cgroups, described by empty /proc files: refused unless monitor-only is set. */
class CgroupsRefusalTest {

    @TempDir
    Path dir;

    private Cgroups.Options noCgroups() throws IOException {
        return Cgroups.Options.defaults().procFiles(Files.writeString(dir.resolve("mountinfo"), ""),
                Files.writeString(dir.resolve("cgroup"), ""));
    }

    @Test
    void withoutCgroupsTheAgentRefusesWithOneLineAndAdviceAboutItsOwnSettings() throws IOException {
        Cgroups.Options options = noCgroups();

        assertThatThrownBy(() -> CgroupConfiguration.detect(options, false))
                .isInstanceOfSatisfying(CgroupsRefusedException.class, e -> {
                    assertThat(e.getMessage()).startsWith("the agent refuses to start: cannot enforce CPU and memory limits")
                            .doesNotContain("\n").doesNotContain("Cgroups.detect");
                    FailureAnalysis analysis = new CgroupsRefusedAnalyzer().analyze(e);
                    assertThat(analysis.getDescription()).isEqualTo(e.getMessage());
                    assertThat(analysis.getAction()).contains("COTERIE_AGENT_MONITOR_ONLY=true");
                });
    }

    @Test
    void monitorOnlyRunsWithoutLimitsInstead() throws IOException {
        CgroupDriver driver = CgroupConfiguration.detect(noCgroups(), true);

        assertThat(driver.isEnforcing()).isFalse();
    }
}
