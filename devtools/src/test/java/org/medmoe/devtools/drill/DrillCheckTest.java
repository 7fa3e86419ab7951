package org.medmoe.devtools.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrillCheckTest {
    private static final DrillCheck.Revision A = new DrillCheck.Revision("1.1", 1);
    private static final DrillCheck.Revision B = new DrillCheck.Revision("1.2", 1);
    private static final DrillCheck.Revision C = new DrillCheck.Revision("1.3", 1);
    private static final DrillCheck.Revision D = new DrillCheck.Revision("1.4", 1);

    @Test
    void shouldPassWhenEveryRevisionHasOneSetOfResultsOrOneDeadLetter() {
        DrillCheck check = DrillCheck.of(List.of(A, B, C), List.of(A, B), List.of(B, A), List.of(A, B), List.of(C));

        assertThat(check).isEqualTo(new DrillCheck(3, 0, 0, 1, 0));
        assertThat(check.passed()).isTrue();
    }

    @Test
    void shouldCountLostDuplicatedAndUnexpectedOutputs() {
        // A: findings twice (published twice); B: nothing; C: results and a dead letter; D: only findings
        DrillCheck check = DrillCheck.of(List.of(A, B, C, D), List.of(A, A, C, D), List.of(A, C), List.of(A, C),
                List.of(C, new DrillCheck.Revision("9.9", 1)));

        assertThat(check.lost()).as("B, and D without triage and draft").isEqualTo(2);
        assertThat(check.duplicated()).as("A and C").isEqualTo(2);
        assertThat(check.unexpected()).isEqualTo(1);
        assertThat(check.passed()).isFalse();
    }
}
