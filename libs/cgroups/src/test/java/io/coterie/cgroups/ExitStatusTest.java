package io.coterie.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void anOrdinaryExit() {
        ExitStatus status = ExitStatus.of(3, false);

        assertThat(status.kind()).isEqualTo(ExitStatus.Kind.EXITED);
        assertThat(status.signal()).isEmpty();
        assertThat(status.succeeded()).isFalse();
        assertThat(status).hasToString("exited with code 3");
    }

    @Test
    void aSignalIsInferredFromTheJdksExitValue() {
        ExitStatus status = ExitStatus.of(143, false);

        assertThat(status.kind()).isEqualTo(ExitStatus.Kind.SIGNALLED);
        assertThat(status.signal()).hasValue(15);
    }

    @Test
    void theOomVerdictWinsOverTheSignal() {
        ExitStatus status = ExitStatus.of(137, true);

        assertThat(status.kind()).isEqualTo(ExitStatus.Kind.OOM_KILLED);
        assertThat(status.signal()).hasValue(9);
        assertThat(status.toString()).startsWith("OOMKilled");
    }
}
