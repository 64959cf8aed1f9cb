package io.coterie.dev;

import java.nio.file.Path;

/**
 * Where the dev platform finds its jars ({@code root}) and keeps its state ({@code state},
 * normally {@code root/var/dev}), and which ports it uses ({@code portOffset} added to each).
 */
record DevLayout(Path root, Path state, int portOffset) {

    Path lockFile() {
        return state.resolveSibling(state.getFileName() + ".lock");
    }

    Path logs() {
        return state.resolve("logs");
    }

    Path token() {
        return state.resolve("token");
    }

    Path rootSecret() {
        return state.resolve("root-secret");
    }

    Path postgresData() {
        return state.resolve("postgres");
    }

    Path kafkaData() {
        return state.resolve("kafka");
    }

    Path pids() {
        return state.resolve("pids");
    }

    Path jar(String service) {
        return root.resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
    }

    int port(int standard) {
        return standard + portOffset;
    }

    /** A path as the user should read it: relative to the checkout when inside it. */
    String show(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
