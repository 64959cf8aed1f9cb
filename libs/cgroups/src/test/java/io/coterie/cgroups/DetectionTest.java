package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection decisions, against fake mount tables and fake cgroup directories. */
class DetectionTest {

    @TempDir
    Path dir;

    private Cgroups.Options options(List<String> mountInfo, List<String> selfCgroup) throws IOException {
        Path mounts = Files.write(dir.resolve("mountinfo"), mountInfo);
        Path self = Files.write(dir.resolve("cgroup"), selfCgroup);
        return Cgroups.Options.defaults().procFiles(mounts, self);
    }

    private Path fakeGroup(String name, String controllers) throws IOException {
        Path group = Files.createDirectories(dir.resolve(name));
        if (controllers != null) {
            Files.writeString(group.resolve("cgroup.controllers"), controllers + "\n");
        }
        return group;
    }

    private static String v1(String controller, Path mountPoint) {
        return "30 25 0:26 / " + mountPoint + " rw,nosuid - cgroup cgroup rw," + controller;
    }

    @Test
    void aPureV2HostWithTheControllersGetsTheV2Driver() throws IOException {
        Path root = fakeGroup("unified", "cpuset cpu io memory pids");

        CgroupDriver driver = Cgroups.detect(options(
                List.of("41 31 0:38 / " + root + " rw,relatime - cgroup2 cgroup2 rw,nsdelegate"),
                List.of("0::/")));

        assertThat(driver).isInstanceOf(V2Driver.class);
        assertThat(driver.version()).isEqualTo("v2");
        assertThat(driver.isEnforcing()).isTrue();
    }

    @Test
    void aHybridHostWhoseV2MountHasNoControllersGetsTheV1Driver() throws IOException {
        Path unified = fakeGroup("unified", "hugetlb");
        List<String> mounts = List.of(
                v1("cpu", fakeGroup("cpu", null)),
                v1("cpuacct", fakeGroup("cpuacct", null)),
                v1("cpuset", fakeGroup("cpuset", null)),
                v1("memory", fakeGroup("memory", null)),
                "41 31 0:38 / " + unified + " rw,relatime - cgroup2 cgroup2 rw");
        Files.createDirectories(dir.resolve("memory/agent"));

        CgroupDriver driver = Cgroups.detect(options(mounts, List.of("4:memory:/agent", "3:cpuset:/", "0::/")));

        assertThat(driver).isInstanceOf(V1Driver.class);
        assertThat(driver.controllers()).containsExactly("cpu", "cpuacct", "cpuset", "memory");
        assertThat(driver.describe()).contains(dir.resolve("memory/agent").toString());
    }

    @Test
    void withoutUsableCgroupsDetectionRefusesAndSaysWhy() throws IOException {
        Cgroups.Options noCpuset = options(List.of(
                v1("cpu", fakeGroup("cpu", null)),
                v1("cpuacct", fakeGroup("cpuacct", null)),
                v1("memory", fakeGroup("memory", null))), List.of("0::/"));

        assertThatThrownBy(() -> Cgroups.detect(noCpuset))
                .isInstanceOf(CgroupsUnavailableException.class)
                .hasMessageContaining("no cgroup2 mount")
                .hasMessageContaining("v1 hierarchies missing for [cpuset]")
                .hasMessageContaining("monitorOnlyIfUnavailable");
    }

    @Test
    void aReadOnlyMountIsUnavailable() throws IOException {
        Path root = fakeGroup("unified", "cpuset cpu memory");
        Cgroups.Options readOnly = options(
                List.of("41 31 0:38 / " + root + " ro,relatime - cgroup2 cgroup2 rw"), List.of("0::/"));

        assertThatThrownBy(() -> Cgroups.detect(readOnly)).hasMessageContaining("read-only");
    }

    @Test
    void monitorOnlyMustBeAskedFor() throws IOException {
        Cgroups.Options nothing = options(List.of(), List.of("0::/"));

        CgroupDriver driver = Cgroups.detect(nothing.monitorOnlyIfUnavailable(true));

        assertThat(driver).isInstanceOf(MonitorOnlyDriver.class);
        assertThat(driver.isEnforcing()).isFalse();
        assertThat(driver.describe()).contains("NO CPU or memory enforcement").contains("no cgroup2 mount");
    }

    @Test
    void anExplicitAnchorReplacesTheOwnCgroup() throws IOException {
        Path root = fakeGroup("unified", "cpuset cpu memory");
        fakeGroup("unified/coterie.slice", "cpuset cpu memory");

        CgroupDriver driver = Cgroups.detect(options(
                List.of("41 31 0:38 / " + root + " rw - cgroup2 cgroup2 rw"),
                List.of("0::/system.slice/agent.service")).anchor("/coterie.slice"));

        assertThat(driver.describe()).contains("anchor " + root.resolve("coterie.slice"));
    }
}
