package org.medmoe.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;

/** The filters of {@code medmoe dead-letters}: every filter that is set must match. */
class DeadLetterSelectionTest {
    private static final Instant T = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void shouldKeepOnlyLettersThatPassEveryFilterThatIsSet() {
        DeadLetterEntry plan = entry(0, 5, "plan", ReasonCode.PACS_UNREACHABLE, T);
        DeadLetterEntry intake = entry(1, 7, "intake", ReasonCode.BAD_EVENT, T.minusSeconds(3600));

        assertThat(new DeadLetterSelection(null, null, null, null, null).matches(plan)).isTrue();
        assertThat(new DeadLetterSelection(Set.of(ReasonCode.PACS_UNREACHABLE), null, null, null, null).matches(intake))
                .isFalse();
        assertThat(new DeadLetterSelection(null, Set.of("intake"), null, null, null).matches(intake)).isTrue();
        assertThat(new DeadLetterSelection(null, null, T.minusSeconds(60), null, null).matches(intake)).isFalse();
        assertThat(new DeadLetterSelection(null, null, T, null, null).matches(plan)).isTrue();
        assertThat(new DeadLetterSelection(null, null, null, 1, Set.of(7L)).matches(intake)).isTrue();
        assertThat(new DeadLetterSelection(null, null, null, 1, Set.of(7L)).matches(plan)).isFalse();
        assertThat(new DeadLetterSelection(null, null, null, 0, null).matches(plan)).isTrue();
    }

    @Test
    void shouldParseReasonsCaseInsensitivelyAndListTheValidOnesOnError() {
        assertThat(DeadLetterSelection.reasons(List.of("timeout", " PACS_NOT_FOUND")))
                .containsExactlyInAnyOrder(ReasonCode.TIMEOUT, ReasonCode.PACS_NOT_FOUND);
        assertThatThrownBy(() -> DeadLetterSelection.reasons(List.of("PACS_DOWN")))
                .hasMessageContaining("unknown reason code 'PACS_DOWN'").hasMessageContaining("PACS_UNREACHABLE");
    }

    @Test
    void shouldReadSinceAsAnInstantOrADurationBackFromNow() {
        assertThat(DeadLetterSelection.since("2026-11-25T05:00:00Z", T)).isEqualTo(T.minusSeconds(3600));
        assertThat(DeadLetterSelection.since("PT2H", T)).isEqualTo(T.minusSeconds(7200));
        assertThat(DeadLetterSelection.since("p1d", T)).isEqualTo(T.minusSeconds(86400));
        assertThatThrownBy(() -> DeadLetterSelection.since("yesterday", T)).hasMessageContaining("--since 'yesterday'");
    }

    @Test
    void shouldRefuseOffsetsWithoutAPartition() {
        assertThatThrownBy(() -> new DeadLetterSelection(null, null, null, null, Set.of(3L)))
                .hasMessageContaining("--offset needs --partition");
    }

    private static DeadLetterEntry entry(int partition, long offset, String stage, ReasonCode reason, Instant time) {
        DeadLetter letter = DeadLetter.newBuilder().setStage(stage).setReason(reason).setMessage("m").setTime(time)
                .build();
        return new DeadLetterEntry("medmoe.dead-letters", partition, offset, "1.2.3", letter);
    }
}
