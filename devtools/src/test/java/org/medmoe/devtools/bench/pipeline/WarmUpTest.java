package org.medmoe.devtools.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When bench pipeline's warm-up ends: the minimum, then a settled JIT compiler, or the maximum. */
class WarmUpTest {
    private static final WindowMeasure QUIET = window(0.010, 0.0001);
    private static final WindowMeasure BUSY = window(0.010, 0.0020);

    private static WindowMeasure window(double cpu, double jit) {
        return new WindowMeasure(1000, 0.01, cpu, jit, Map.of(), Double.NaN);
    }

    @Test
    void shouldRunTheMinimumEvenWhenTheCompilerIsQuietFromTheStart() {
        // Given a warm-up of at least 3000 studies
        WarmUp warmUp = new WarmUp(3000, 30000);
        // When two quiet rounds of 1000 have run
        warmUp.record(warmUp.nextRound(), QUIET, QUIET);
        warmUp.record(warmUp.nextRound(), QUIET, QUIET);
        // Then it goes on to the minimum, and ends there
        assertThat(warmUp.done()).isFalse();
        assertThat(warmUp.nextRound()).isEqualTo(1000);
        warmUp.record(1000, QUIET, QUIET);
        assertThat(warmUp.done()).isTrue();
        assertThat(warmUp.settled()).isTrue();
        assertThat(warmUp.studies()).isEqualTo(3000);
        assertThat(warmUp.nextRound()).isZero();
    }

    @Test
    void shouldGoOnWhileTheCompilerIsBusyOnEitherSide() {
        // Given a warm-up past its minimum
        WarmUp warmUp = new WarmUp(1000, 30000);
        warmUp.record(1000, BUSY, QUIET);
        // When the rounds alternate between busy and quiet on one side
        warmUp.record(1000, QUIET, QUIET);
        warmUp.record(1000, QUIET, BUSY);
        warmUp.record(1000, QUIET, QUIET);
        // Then one quiet round in a row is not enough; a second one ends it
        assertThat(warmUp.done()).isFalse();
        assertThat(warmUp.lastShare()).isEqualTo(0.01);
        warmUp.record(1000, QUIET, QUIET);
        assertThat(warmUp.done()).isTrue();
        assertThat(warmUp.studies()).isEqualTo(5000);
    }

    @Test
    void shouldStopAtTheMaximumUnsettled() {
        // Given a maximum of 2500 studies and a compiler that never settles
        WarmUp warmUp = new WarmUp(1000, 2500);
        // When rounds run until it is over
        int rounds = 0;
        for (int n = warmUp.nextRound(); n > 0; n = warmUp.nextRound()) {
            warmUp.record(n, BUSY, BUSY);
            rounds++;
        }
        // Then the last round is cut to the maximum, and it says it did not settle
        assertThat(rounds).isEqualTo(3);
        assertThat(warmUp.studies()).isEqualTo(2500);
        assertThat(warmUp.settled()).isFalse();
        assertThat(warmUp.lastShare()).isEqualTo(0.2);
    }

    @Test
    void shouldNeverCountAnUnreadableCompilerAsQuiet() {
        // Given rounds whose compiler time could not be read (NaN)
        WarmUp warmUp = new WarmUp(0, 3000);
        WindowMeasure unknown = window(0.010, Double.NaN);
        // When rounds run until it is over, Then only the maximum ends it
        while (warmUp.nextRound() > 0) {
            warmUp.record(warmUp.nextRound(), unknown, QUIET);
        }
        assertThat(warmUp.studies()).isEqualTo(3000);
        assertThat(warmUp.settled()).isFalse();
    }

    @Test
    void shouldRunNothingWithANoughtMaximum() {
        // Given --warmup 0 --warmup-max 0, Then there is no round at all
        assertThat(new WarmUp(0, 0).nextRound()).isZero();
    }

    @Test
    void shouldRefuseAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new WarmUp(5000, 4000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warmup-max at least --warmup (were 5000 and 4000)");
        assertThatThrownBy(() -> new WarmUp(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
