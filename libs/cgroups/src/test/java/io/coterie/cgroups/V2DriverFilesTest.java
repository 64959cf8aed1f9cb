package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This project's machines run cgroup v1, so the v2 driver cannot be exercised against a kernel here.
 * What can be checked is what it writes and how it reads, against a fake tree of plain files that
 * holds the files a v2 kernel would.
 */
class V2DriverFilesTest {

    @TempDir
    Path anchor;

    private V2Driver driver;
    private Path workload;

    @BeforeEach
    void fakeTree() throws IOException {
        Files.writeString(anchor.resolve("cgroup.controllers"), "cpuset cpu memory pids");
        Files.writeString(anchor.resolve("cgroup.subtree_control"), "");
        Files.createDirectories(anchor.resolve("host"));
        Files.writeString(anchor.resolve("host/cgroup.subtree_control"), "cpuset cpu memory pids");
        driver = new V2Driver(anchor, anchor, Set.of("cpuset", "cpu", "memory", "pids"));
        driver.create("host/w");
        workload = anchor.resolve("host/w");
        for (String file : new String[] {"cpu.max", "memory.max", "memory.swap.max", "cpuset.cpus", "cgroup.procs"}) {
            Files.writeString(workload.resolve(file), "");
        }
    }

    @Test
    void createsTheGroupAndEnablesControllersOnlyWhereMissing() throws IOException {
        assertThat(workload).isDirectory();
        assertThat(Files.readString(anchor.resolve("cgroup.subtree_control"))).isEqualTo("+pids");
        assertThat(Files.readString(anchor.resolve("host/cgroup.subtree_control"))).isEqualTo("cpuset cpu memory pids");
    }

    @Test
    void cpuMaxHoldsQuotaAndPeriod() throws IOException {
        driver.setCpuLimit("host/w", 500);
        assertThat(Files.readString(workload.resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(driver.cpuLimitMillis("host/w")).isEqualTo(500);

        driver.setCpuLimit("host/w", 0);
        assertThat(Files.readString(workload.resolve("cpu.max"))).isEqualTo("max 100000");
        assertThat(driver.cpuLimitMillis("host/w")).isZero();
    }

    @Test
    void aMemoryLimitAlsoTurnsSwapOff() throws IOException {
        driver.setMemoryLimit("host/w", 64L << 20);

        assertThat(Files.readString(workload.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(workload.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(driver.memoryLimit("host/w")).isEqualTo(64L << 20);

        driver.setMemoryLimit("host/w", 0);
        assertThat(driver.memoryLimit("host/w")).isZero();
    }

    @Test
    void cpusetsAndAnInheritingGroup() throws IOException {
        driver.setCpus("host/w", Set.of(2, 3), false);
        assertThat(Files.readString(workload.resolve("cpuset.cpus"))).isEqualTo("2-3");

        Files.writeString(workload.resolve("cpuset.cpus"), "\n");
        Files.writeString(workload.resolve("cpuset.cpus.effective"), "0-1\n");
        assertThat(driver.cpus("host/w")).containsExactly(0, 1);
    }

    @Test
    void readsUsageAndOomKills() throws IOException {
        Files.writeString(workload.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        Files.writeString(workload.resolve("memory.current"), "1048576\n");
        Files.writeString(workload.resolve("memory.peak"), "2097152\n");
        Files.writeString(workload.resolve("memory.events"), "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n");

        Usage usage = driver.usage("host/w");

        assertThat(usage.cpuSeconds()).isEqualTo(2.5);
        assertThat(usage.memoryBytes()).isEqualTo(1 << 20);
        assertThat(usage.peakMemoryBytes()).hasValue(2 << 20);
        assertThat(driver.oomKills("host/w")).hasValue(1);
    }

    @Test
    void sharesBecomeWeights() throws IOException {
        assertThat(V2Driver.weightForShares(2)).isEqualTo(1);
        assertThat(V2Driver.weightForShares(1024)).isEqualTo(39);
        assertThat(V2Driver.weightForShares(262_144)).isEqualTo(10_000);

        Files.writeString(workload.resolve("cpu.weight"), "");
        driver.setCpuShares("host/w", 262_144);
        assertThat(Files.readString(workload.resolve("cpu.weight"))).isEqualTo("10000");
        assertThat(driver.cpuShares("host/w")).isEqualTo(262_144);
    }

    @Test
    void theLauncherJoinsTheOneHierarchy() {
        assertThat(driver.launcher("host/w")).endsWith("1", workload.resolve("cgroup.procs").toString());
    }
}
