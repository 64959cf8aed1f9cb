package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InFlightTest {

    @TempDir
    Path dir;

    private Spool spool;
    private InFlight inFlight;

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(dir, Spool.MIN_LIMIT_BYTES * 8);
        for (int i = 0; i < 3; i++) {
            spool.append("k".getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        inFlight = new InFlight(spool);
    }

    @AfterEach
    void close() throws IOException {
        spool.close();
    }

    @Test
    void theAcknowledgedPositionOnlyMovesAcrossAnUnbrokenRun() {
        InFlight.Slot zero = inFlight.add(0, 2);
        InFlight.Slot one = inFlight.add(1, 2);
        InFlight.Slot two = inFlight.add(2, 2);

        inFlight.complete(two, null); // another partition answered first
        assertThat(spool.stats(0).delivered()).isZero();
        inFlight.complete(zero, null);
        assertThat(spool.stats(0).delivered()).isEqualTo(1);
        assertThat(inFlight.oldestIndex()).isEqualTo(1);
        inFlight.complete(one, null);

        assertThat(spool.stats(0).delivered()).isEqualTo(3);
        assertThat(spool.pending()).isZero();
        assertThat(inFlight.isEmpty()).isTrue();
        assertThat(inFlight.bytes()).isZero();
    }

    @Test
    void onlyTheFirstFailureOfAnAttemptCountsAndAnswersForADiscardedAttemptAreIgnored() {
        InFlight.Slot zero = inFlight.add(0, 2);
        InFlight.Slot one = inFlight.add(1, 2);

        assertThat(inFlight.complete(zero, new TimeoutException("expired"))).isTrue();
        assertThat(inFlight.complete(one, new TimeoutException("expired too"))).isFalse();
        assertThat(inFlight.failure()).hasMessage("expired");

        inFlight.reset();
        assertThat(inFlight.failure()).isNull();
        assertThat(inFlight.complete(one, null)).isFalse();
        assertThat(spool.stats(0).delivered()).isZero();
    }
}
