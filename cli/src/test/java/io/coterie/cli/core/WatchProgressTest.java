package io.coterie.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchProgressTest {

    @Test
    void startsFromTheRequestedRevisionWithoutResumeHeader() {
        WatchProgress progress = new WatchProgress(5L);

        assertThat(progress.fromRevision()).isEqualTo(5L);
        assertThat(progress.resumeHeaders()).isEmpty();
    }

    @Test
    void resumesAfterTheLastIdSeenAndSkipsWhatWasPrintedOfAnUnfinishedRevision() {
        WatchProgress progress = new WatchProgress(null);
        progress.connected();
        assertThat(progress.accept(10, "10")).isTrue();
        // Revision 11 has three events; the id comes with the third, but the stream drops after two.
        assertThat(progress.accept(11, null)).isTrue();
        assertThat(progress.accept(11, null)).isTrue();

        assertThat(progress.resumeHeaders()).isEqualTo(Map.of("Last-Event-ID", "10"));
        assertThat(progress.fromRevision()).isNull();

        progress.connected();
        assertThat(progress.accept(11, null)).as("already printed").isFalse();
        assertThat(progress.accept(11, null)).as("already printed").isFalse();
        assertThat(progress.accept(11, "11")).as("the third event of 11 is new").isTrue();
        assertThat(progress.accept(12, "12")).isTrue();
        assertThat(progress.resumeHeaders()).isEqualTo(Map.of("Last-Event-ID", "12"));
    }

    @Test
    void withoutAnyIdItResumesFromTheLastRevisionPrinted() {
        WatchProgress progress = new WatchProgress(3L);
        progress.connected();
        progress.accept(3, null);
        progress.accept(4, null);

        assertThat(progress.resumeHeaders()).isEmpty();
        assertThat(progress.fromRevision()).isEqualTo(4L);

        progress.connected();
        assertThat(progress.accept(4, null)).isFalse();
        assertThat(progress.accept(5, null)).isTrue();
    }

    @Test
    void neverRepeatsOlderRevisionsEvenIfTheServerResumesEarly() {
        WatchProgress progress = new WatchProgress(null);
        progress.connected();
        progress.accept(7, "7");
        progress.accept(8, "8");

        progress.connected();
        assertThat(progress.accept(7, "7")).isFalse();
        assertThat(progress.accept(8, "8")).isFalse();
        assertThat(progress.accept(9, "9")).isTrue();
    }

    @Test
    void anEmptyIdIsNoResumePoint() {
        WatchProgress progress = new WatchProgress(null);
        progress.connected();
        progress.accept(2, "");

        assertThat(progress.resumeHeaders()).isEmpty();
        assertThat(progress.fromRevision()).isEqualTo(2L);
    }
}
