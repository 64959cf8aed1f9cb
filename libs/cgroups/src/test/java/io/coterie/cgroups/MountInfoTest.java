package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    private static final List<String> HYBRID = List.of(
            "23 1 0:21 / /sys rw,nosuid - sysfs sysfs rw",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    @Test
    void findsV1HierarchiesByControllerAndTheV2Mount() {
        MountInfo mounts = MountInfo.parse(HYBRID);

        assertThat(mounts.mounts()).hasSize(5);
        assertThat(mounts.v1MountFor("memory").orElseThrow().mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/memory"));
        assertThat(mounts.v1MountFor("cpuacct").orElseThrow().mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct"));
        assertThat(mounts.v1MountFor("cpuset")).isEmpty();
        assertThat(mounts.v2Mounts()).singleElement()
                .satisfies(m -> assertThat(m.mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/unified")));
    }

    @Test
    void coMountedControllersShareAHierarchy() {
        MountInfo mounts = MountInfo.parse(List.of(
                "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct"));

        assertThat(mounts.v1MountFor("cpu")).isEqualTo(mounts.v1MountFor("cpuacct"));
        assertThat(mounts.v1MountFor("cpu").orElseThrow().mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
    }

    @Test
    void readOnlyMountsAreRecognised() {
        MountInfo mounts = MountInfo.parse(List.of(
                "41 31 0:38 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate"));

        assertThat(mounts.v2Mounts().get(0).readOnly()).isTrue();
    }

    @Test
    void unescapesOctalInPaths() {
        MountInfo mounts = MountInfo.parse(List.of(
                "41 31 0:38 /a\\040b /mnt/with\\040space rw - cgroup2 cgroup2 rw"));

        assertThat(mounts.mounts().get(0).root()).isEqualTo("/a b");
        assertThat(mounts.mounts().get(0).mountPoint()).isEqualTo(Path.of("/mnt/with space"));
    }

    @Test
    void ownCgroupPerHierarchy() {
        SelfCgroup self = SelfCgroup.parse(List.of(
                "9:name=systemd:/", "4:memory:/process_api/abc", "2:cpu,cpuacct:/agent", "0::/"));

        assertThat(self.v1PathsByController())
                .containsEntry("memory", "/process_api/abc")
                .containsEntry("cpu", "/agent")
                .containsEntry("cpuacct", "/agent")
                .containsEntry("name=systemd", "/");
        assertThat(self.v2Path()).hasValue("/");
    }

    @Test
    void ownDirectoryAccountsForAMountThatShowsASubtree() {
        MountInfo.Mount whole = MountInfo.parse(List.of(
                "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory")).mounts().get(0);
        MountInfo.Mount container = MountInfo.parse(List.of(
                "35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory")).mounts().get(0);

        assertThat(SelfCgroup.directoryFor(whole, "/process_api/abc"))
                .hasValue(Path.of("/sys/fs/cgroup/memory/process_api/abc"));
        assertThat(SelfCgroup.directoryFor(whole, "/")).hasValue(Path.of("/sys/fs/cgroup/memory"));
        assertThat(SelfCgroup.directoryFor(container, "/docker/abc/agent"))
                .hasValue(Path.of("/sys/fs/cgroup/memory/agent"));
        assertThat(SelfCgroup.directoryFor(container, "/docker/abc")).hasValue(Path.of("/sys/fs/cgroup/memory"));
        assertThat(SelfCgroup.directoryFor(container, "/elsewhere")).isEmpty();
    }
}
