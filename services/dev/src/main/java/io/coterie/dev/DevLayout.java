package io.coterie.dev;

import java.nio.file.Path;

/** Where the dev platform finds its jars and keeps its state, relative to the checkout. */
record DevLayout(Path root) {

    Path state() {
        return root.resolve("var/dev");
    }

    Path lockFile() {
        return root.resolve("var/dev.lock");
    }

    Path logs() {
        return state().resolve("logs");
    }

    Path token() {
        return state().resolve("token");
    }

    Path pids() {
        return state().resolve("pids");
    }

    Path jar(String service) {
        return root.resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
    }
}
