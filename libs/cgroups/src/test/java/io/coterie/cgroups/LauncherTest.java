package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wrapper's contract, with plain files standing in for cgroup.procs. */
class LauncherTest {

    @TempDir
    Path dir;

    private Process launch(List<String> procsFiles, String... command) throws Exception {
        List<String> argv = new ArrayList<>(Launcher.enterThenExec(procsFiles));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .redirectInput(new File("/dev/null"))
                .start();
    }

    @Test
    void writesItsPidEverywhereThenBecomesTheWorkloadInTheSameProcess() throws Exception {
        Path cpu = Files.createFile(dir.resolve("cpu.procs"));
        Path memory = Files.createFile(dir.resolve("memory.procs"));

        Process process = launch(List.of(cpu.toString(), memory.toString()), "/bin/sh", "-c", "echo $$ \"$@\"", "sh", "a b", "c");

        assertThat(process.waitFor()).isZero();
        String pid = Long.toString(process.pid());
        assertThat(cpu).hasContent(pid);
        assertThat(memory).hasContent(pid);
        // Same pid: exec replaced the wrapper, and the arguments arrived intact.
        assertThat(dir.resolve("out")).hasContent(pid + " a b c");
    }

    @Test
    void ifItCannotJoinTheWorkloadNeverRuns() throws Exception {
        Process process = launch(List.of(dir.resolve("missing/cgroup.procs").toString()), "/bin/sh", "-c", "echo ran");

        assertThat(process.waitFor()).isEqualTo(Launcher.JOIN_FAILED);
        assertThat(dir.resolve("out")).isEmptyFile();
        assertThat(Files.readString(dir.resolve("err"))).startsWith(Launcher.NAME + ":");
    }
}
