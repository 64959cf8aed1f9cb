package io.coterie.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out how this kernel can enforce CPU and memory limits. cgroup v2 wins when its mount
 * offers cpu, cpuset and memory at the anchor (pure v2 hosts); otherwise the v1 hierarchies found
 * in /proc/self/mountinfo are used (hybrid hosts such as this project's CI, where the v2 mount
 * carries no controllers); otherwise there is nothing to enforce with.
 */
public final class Cgroups {

    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);

    private Cgroups() {
    }

    /**
     * Detection inputs and the one escape hatch.
     *
     * @param mountInfo                 normally /proc/self/mountinfo
     * @param selfCgroup                normally /proc/self/cgroup
     * @param anchor                    the cgroup path (as /proc/PID/cgroup spells it, e.g. "/coterie.slice")
     *                                  under which groups are created; empty means this process's own cgroup
     *                                  in each hierarchy
     * @param monitorOnlyIfUnavailable  when cgroups are unusable, return a {@link MonitorOnlyDriver} that runs
     *                                  workloads unconstrained instead of failing; an explicit opt-in, because a
     *                                  host that silently stops enforcing breaks its promises to its neighbours
     */
    public record Options(Path mountInfo, Path selfCgroup, Optional<String> anchor, boolean monitorOnlyIfUnavailable) {

        public static Options defaults() {
            return new Options(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Optional.empty(), false);
        }

        public Options monitorOnlyIfUnavailable(boolean allowed) {
            return new Options(mountInfo, selfCgroup, anchor, allowed);
        }

        public Options anchor(String cgroupPath) {
            if (!cgroupPath.startsWith("/")) {
                throw new IllegalArgumentException("an anchor is an absolute cgroup path such as /coterie.slice: " + cgroupPath);
            }
            return new Options(mountInfo, selfCgroup, Optional.of(cgroupPath), monitorOnlyIfUnavailable);
        }

        public Options procFiles(Path mountInfo, Path selfCgroup) {
            return new Options(mountInfo, selfCgroup, anchor, monitorOnlyIfUnavailable);
        }
    }

    /** The driver for this machine, or {@link CgroupsUnavailableException} saying why there is none. */
    public static CgroupDriver detect() {
        return detect(Options.defaults());
    }

    public static CgroupDriver detect(Options options) {
        List<String> reasons = new ArrayList<>();
        MountInfo mounts;
        SelfCgroup self;
        try {
            mounts = MountInfo.read(options.mountInfo());
            self = SelfCgroup.read(options.selfCgroup());
        } catch (IOException e) {
            mounts = new MountInfo(List.of());
            self = new SelfCgroup(Map.of(), Optional.empty());
            reasons.add("cannot read " + options.mountInfo() + " or " + options.selfCgroup() + ": " + e);
        }
        Optional<CgroupDriver> driver = tryV2(mounts, self, options, reasons);
        if (driver.isEmpty()) {
            driver = tryV1(mounts, self, options, reasons);
        }
        if (driver.isPresent()) {
            log.info("cgroups: {}", driver.get().describe());
            return driver.get();
        }
        String why = String.join("; ", reasons);
        if (options.monitorOnlyIfUnavailable()) {
            log.warn("cgroups unavailable ({}); MONITOR-ONLY mode: workloads will run WITHOUT CPU or memory limits", why);
            return new MonitorOnlyDriver(why);
        }
        throw new CgroupsUnavailableException("cannot enforce CPU and memory limits on this machine: " + why
                + ". Fix the cgroup setup, or opt into running unconstrained with"
                + " Cgroups.detect(Cgroups.Options.defaults().monitorOnlyIfUnavailable(true))");
    }

    private static Optional<CgroupDriver> tryV2(MountInfo mounts, SelfCgroup self, Options options, List<String> reasons) {
        List<MountInfo.Mount> v2 = mounts.v2Mounts();
        if (v2.isEmpty()) {
            reasons.add("no cgroup2 mount");
            return Optional.empty();
        }
        for (MountInfo.Mount mount : v2) {
            String cgroupPath = options.anchor().or(self::v2Path).orElse("/");
            Optional<Path> anchor = SelfCgroup.directoryFor(mount, cgroupPath);
            if (anchor.isEmpty()) {
                reasons.add("v2: cgroup " + cgroupPath + " is not visible under " + mount.mountPoint());
                continue;
            }
            Path controllersFile = anchor.get().resolve("cgroup.controllers");
            Set<String> available;
            try {
                available = Set.of(Files.readString(controllersFile).strip().split("\\s+"));
            } catch (IOException e) {
                reasons.add("v2: cannot read " + controllersFile + ": " + e.getMessage());
                continue;
            }
            List<String> missing = V2Driver.REQUIRED.stream().filter(c -> !available.contains(c)).toList();
            if (!missing.isEmpty()) {
                reasons.add("v2 at " + mount.mountPoint() + " lacks " + missing
                        + " (bound to v1 hierarchies on a hybrid host, or not delegated to " + cgroupPath + ")");
                continue;
            }
            if (!writable(mount, anchor.get(), reasons)) {
                continue;
            }
            return Optional.of(new V2Driver(mount.mountPoint(), anchor.get(), available));
        }
        return Optional.empty();
    }

    private static Optional<CgroupDriver> tryV1(MountInfo mounts, SelfCgroup self, Options options, List<String> reasons) {
        Map<String, Path> anchors = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String controller : concat(V1Driver.REQUIRED, V1Driver.OPTIONAL)) {
            boolean required = V1Driver.REQUIRED.contains(controller);
            Optional<MountInfo.Mount> mount = mounts.v1MountFor(controller);
            if (mount.isEmpty()) {
                if (required) {
                    missing.add(controller);
                }
                continue;
            }
            String cgroupPath = options.anchor().orElse(self.v1PathsByController().getOrDefault(controller, "/"));
            Optional<Path> anchor = SelfCgroup.directoryFor(mount.get(), cgroupPath);
            if (anchor.isEmpty() || !Files.isDirectory(anchor.get())) {
                if (required) {
                    missing.add(controller + " (cgroup " + cgroupPath + " not visible under " + mount.get().mountPoint() + ")");
                }
                continue;
            }
            if (!writable(mount.get(), anchor.get(), required ? reasons : new ArrayList<>())) {
                if (required) {
                    return Optional.empty();
                }
                continue;
            }
            anchors.put(controller, anchor.get());
        }
        if (!missing.isEmpty()) {
            reasons.add("v1 hierarchies missing for " + missing);
            return Optional.empty();
        }
        return Optional.of(new V1Driver(anchors));
    }

    private static boolean writable(MountInfo.Mount mount, Path anchor, List<String> reasons) {
        if (mount.readOnly()) {
            reasons.add(mount.mountPoint() + " is mounted read-only");
            return false;
        }
        // access(2): catches both missing permission and a read-only bind over the directory.
        if (!Files.isWritable(anchor)) {
            reasons.add(anchor + " is not writable by this user");
            return false;
        }
        return true;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
