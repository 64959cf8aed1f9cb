package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final String HASH = CallRecords.requestSha256("/robots/r1", "speed.increase", "null".getBytes(StandardCharsets.UTF_8));

    private static CallRecord pendingUntil(Instant until) {
        return CallRecord.pending("/robots/r1", "speed.increase", HASH, until, "gw-1", NOW.minusSeconds(5));
    }

    @Test
    void aDoneRecordIsReplayed() {
        CallRecord done = pendingUntil(NOW.plusSeconds(1)).done(200, "application/json", "7");
        assertThat(RecordDecision.about(done, HASH, NOW)).isEqualTo(new RecordDecision.Replay(done));
    }

    @Test
    void aClaimedRecordIsWaitedForUntilItsClaimRunsOut() {
        assertThat(RecordDecision.about(pendingUntil(NOW.plusMillis(1500)), HASH, NOW))
                .isEqualTo(new RecordDecision.Wait(NOW.plusMillis(1500)));
    }

    @Test
    void anExpiredClaimIsTakenOver() {
        assertThat(RecordDecision.about(pendingUntil(NOW), HASH, NOW)).isInstanceOf(RecordDecision.TakeOver.class);
        assertThat(RecordDecision.about(pendingUntil(NOW.minusSeconds(30)), HASH, NOW)).isInstanceOf(RecordDecision.TakeOver.class);
        assertThat(RecordDecision.about(null, HASH, NOW)).as("a value that is no record").isInstanceOf(RecordDecision.TakeOver.class);
    }

    @Test
    void anotherRequestUnderTheKeyIsAReuseWhateverTheState() {
        String other = CallRecords.requestSha256("/robots/r1", "speed.increase", "2".getBytes(StandardCharsets.UTF_8));
        assertThat(RecordDecision.about(pendingUntil(NOW.plusSeconds(5)), other, NOW)).isInstanceOf(RecordDecision.Reused.class);
        assertThat(RecordDecision.about(pendingUntil(NOW.minusSeconds(5)), other, NOW)).isInstanceOf(RecordDecision.Reused.class);
        assertThat(RecordDecision.about(pendingUntil(NOW).done(200, "application/json", "1"), other, NOW))
                .isInstanceOf(RecordDecision.Reused.class);
        assertThat(CallRecords.requestSha256("/robots/r2", "speed.increase", "null".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(HASH);
        assertThat(CallRecords.requestSha256("/robots/r1", "speed.get", "null".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(HASH);
    }

    @Test
    void aTakenOverClaimKeepsItsCreationAndADoneRecordItsAnswer() {
        CallRecord first = pendingUntil(NOW.minusSeconds(1));
        CallRecord taken = first.claimedBy("gw-2", NOW.plusSeconds(3));
        assertThat(taken.createdAt()).isEqualTo(first.createdAt());
        assertThat(taken.gateway()).isEqualTo("gw-2");
        assertThat(taken.claimExpiry()).isEqualTo(NOW.plusSeconds(3));

        CallRecord done = taken.done(502, "application/problem+json", "{\"type\":\"x\"}");
        CallRecord read = CallRecords.decode(CallRecords.encode(done));
        assertThat(read).isEqualTo(done);
        assertThat(read.isDone()).isTrue();
        assertThat(new String(CallRecords.encode(first), StandardCharsets.UTF_8))
                .contains("\"state\":\"pending\"", "\"claimedUntil\":\"2026-01-01T09:59:59Z\"", "\"requestSha256\":\"" + HASH + "\"")
                .doesNotContain("\"body\"");
        assertThat(CallRecords.decode("not json".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
