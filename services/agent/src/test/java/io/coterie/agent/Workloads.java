package io.coterie.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Workload processes as tests start and look for them: marked, so that a survivor can be found. */
final class Workloads {

    private Workloads() {
    }

    /** A shell that says {@code greeting} and then runs until killed, with {@code marker} as its $0. */
    static List<String> loop(String marker, String greeting) {
        return List.of("/bin/sh", "-c", "echo " + greeting + "; while :; do sleep 1; done", marker);
    }

    /** A shell that waits for {@code file} to exist and then exits 0, with {@code marker} as its $0. */
    static List<String> untilFileExists(String marker, Path file) {
        return List.of("/bin/sh", "-c", "while [ ! -e '" + file + "' ]; do sleep 0.2; done", marker);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    /** A killed workload whose agent died is reparented to init, which may leave it a zombie: dead all the same. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Live processes whose command line holds {@code marker}. */
    static List<Long> withMarker(String marker) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try {
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (command.contains(marker) && alive(pid)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // It ended while being looked at.
                }
            }
        }
        return found;
    }
}
