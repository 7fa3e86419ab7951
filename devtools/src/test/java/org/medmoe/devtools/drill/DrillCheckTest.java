package org.medmoe.devtools.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillCheckTest {
    private static final DrillCheck.Revision A = new DrillCheck.Revision("1.1", 1);
    private static final DrillCheck.Revision B = new DrillCheck.Revision("1.2", 1);
    private static final DrillCheck.Revision C = new DrillCheck.Revision("1.3", 1);
    private static final DrillCheck.Revision D = new DrillCheck.Revision("1.4", 1);
    private static final DrillCheck.Revision E = new DrillCheck.Revision("1.5", 1);

    @Test
    void shouldPassWhenEveryRevisionHasOneSetOfResultsOrOneDeadLetter() {
        DrillCheck check = DrillCheck.of(List.of(A, B, C, D), Map.of(D, "POISON_RECORD"), List.of(A, B),
                List.of(B, A), List.of(A, B), List.of(letter(C, "FETCH_FAILED"), letter(D, "POISON_RECORD")));

        assertThat(check).isEqualTo(new DrillCheck(4, 0, 0, 2, 1, 0, 0, Map.of("FETCH_FAILED", 1), List.of()));
        assertThat(check.passed()).isTrue();
    }

    @Test
    void shouldCountLostDuplicatedAndUnexpectedOutputs() {
        // A: findings twice (published twice); B: nothing; C: results and a dead letter; D: only findings
        DrillCheck check = DrillCheck.of(List.of(A, B, C, D), Map.of(), List.of(A, A, C, D), List.of(A, C),
                List.of(A, C), List.of(letter(C, "INTERNAL"), letter(new DrillCheck.Revision("9.9", 1), "INTERNAL")));

        assertThat(check.lost()).as("B, and D without triage and draft").isEqualTo(2);
        assertThat(check.someLost()).containsExactlyInAnyOrder(B, D);
        assertThat(check.duplicated()).as("A and C").isEqualTo(2);
        assertThat(check.unexpected()).isEqualTo(1);
        assertThat(check.passed()).isFalse();
    }

    @Test
    void shouldFailWhenAPlantedRevisionWasPublishedOrDeadLetteredForAnotherReason() {
        // D was to end as POISON_RECORD but was published; E as INTERNAL but ended as MODEL_ERROR
        DrillCheck check = DrillCheck.of(List.of(D, E), Map.of(D, "POISON_RECORD", E, "INTERNAL"), List.of(D),
                List.of(D), List.of(D), List.of(letter(E, "MODEL_ERROR")));

        assertThat(check.wrong()).isEqualTo(2);
        assertThat(check.lost()).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.passed()).isFalse();
    }

    private static DrillCheck.Letter letter(DrillCheck.Revision revision, String reason) {
        return new DrillCheck.Letter(revision, reason);
    }
}
