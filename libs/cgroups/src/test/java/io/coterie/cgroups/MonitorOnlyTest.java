package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Monitor-only mode runs anywhere: no cgroups are touched, processes run unconstrained. */
class MonitorOnlyTest {

    @TempDir
    Path dir;

    private HostCgroup host() throws Exception {
        Path mounts = Files.writeString(dir.resolve("mountinfo"), "");
        Path self = Files.writeString(dir.resolve("cgroup"), "0::/\n");
        CgroupDriver driver = Cgroups.detect(Cgroups.Options.defaults().procFiles(mounts, self)
                .monitorOnlyIfUnavailable(true));
        return HostCgroup.create(driver, HostSpec.of("coterie", "laptop", driver.availableCpus(), Set.of()));
    }

    @Test
    void runsTheWorkloadUnconstrainedAndSaysSo() throws Exception {
        try (HostCgroup host = host()) {
            Workload workload = host.start(WorkloadSpec.builder("hello", List.of("/bin/sh", "-c", "echo hi $GREETING; exit 3"))
                    .env("GREETING", "there").cpuMillis(100).memoryBytes(1 << 20).logDir(dir.resolve("logs")).build());

            assertThat(workload.enforced()).isFalse();
            assertThat(workload.awaitExit(Duration.ofSeconds(10)).orElseThrow()).isEqualTo(ExitStatus.of(3, false));
            assertThat(workload.stdoutLog()).hasContent("hi there");
            assertThat(host.listWorkloads()).extracting(WorkloadInfo::id).containsExactly("hello");
            workload.remove();
            assertThat(host.listWorkloads()).isEmpty();
        }
    }

    @Test
    void stopStillEndsTheProcessTree() throws Exception {
        try (HostCgroup host = host()) {
            Workload workload = host.start(WorkloadSpec.builder("sleeper",
                    List.of("/bin/sh", "-c", "trap '' TERM; sleep 600 & echo ready; wait"))
                    .cpuMillis(100).logDir(dir.resolve("logs")).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(workload.stdoutLog()).contains("ready"));
            List<ProcessHandle> tree = ProcessHandle.of(workload.pid()).orElseThrow().descendants().toList();

            ExitStatus status = workload.stop(Duration.ofMillis(200));

            assertThat(status.signal()).hasValue(9);
            await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
    }
}
