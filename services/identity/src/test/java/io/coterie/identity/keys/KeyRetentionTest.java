package io.coterie.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRetentionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final KeyRetention retention = new KeyRetention(Duration.ofDays(30), Duration.ofHours(1), Duration.ofHours(1));

    @Test
    void aRetiredKeyStaysUntilTheLongestTokenItSignedHasExpiredPlusTheMargin() {
        List<KeyRetention.Published> published = List.of(new KeyRetention.Published("old", T0.minus(Duration.ofDays(90))),
                new KeyRetention.Published("new", T0));
        Map<String, Instant> retired = Map.of("old", T0);
        Instant justBefore = T0.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(59));
        assertThat(retention.droppable("new", published, retired, justBefore)).isEmpty();
        assertThat(retention.droppable("new", published, retired, T0.plus(Duration.ofDays(30)).plus(Duration.ofHours(1))))
                .containsExactly("old");
    }

    @Test
    void theActiveKeyNeverGoesWhateverItsAgeOrRecords() {
        List<KeyRetention.Published> published = List.of(new KeyRetention.Published("active", T0.minus(Duration.ofDays(3650))));
        assertThat(retention.droppable("active", published, Map.of("active", T0.minus(Duration.ofDays(3650))), T0)).isEmpty();
    }

    @Test
    void aKeyThatNeverBecameActiveGoesAfterTheGraceButNotDuringARotation() {
        List<KeyRetention.Published> published = List.of(new KeyRetention.Published("active", T0.minus(Duration.ofDays(1))),
                new KeyRetention.Published("rotating", T0.minusSeconds(2)),
                new KeyRetention.Published("abandoned", T0.minus(Duration.ofHours(2))),
                new KeyRetention.Published("unknown-age", null));
        assertThat(retention.droppable("active", published, Map.of(), T0)).containsExactly("abandoned");
    }

    @Test
    void recordsOfKeysNoLongerPublishedAreStale() {
        List<KeyRetention.Published> published = List.of(new KeyRetention.Published("a", T0));
        assertThat(retention.staleRecords(published, Map.of("a", T0, "gone", T0))).containsExactly("gone");
    }

    @Test
    void automaticRotationIsDueOnlyWhenOnAndTheKeyIsOldEnough() {
        assertThat(KeyRetention.rotationDue(T0, Duration.ofDays(7), T0.plus(Duration.ofDays(7)))).isTrue();
        assertThat(KeyRetention.rotationDue(T0, Duration.ofDays(7), T0.plus(Duration.ofDays(6)))).isFalse();
        assertThat(KeyRetention.rotationDue(T0, null, T0.plus(Duration.ofDays(700)))).isFalse();
        assertThat(KeyRetention.rotationDue(T0, Duration.ZERO, T0.plus(Duration.ofDays(700)))).isFalse();
        assertThat(KeyRetention.rotationDue(null, Duration.ofDays(7), T0)).isFalse();
    }
}
