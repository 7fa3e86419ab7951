package org.medmoe.devtools.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench pipeline's row: medians over rounds, each round's overhead from its own pair of windows. */
class BenchRowTest {

    private static WindowMeasure wall(double seconds) {
        return new WindowMeasure(100, seconds, seconds * 1.5, seconds / 10, Map.of(), Double.NaN);
    }

    @Test
    void shouldTakeTheMedianOfTheRoundsOverheadsEachFromItsOwnPair() {
        // Given three rounds: 10%, 50% and 0% (the machine slowed down in the second for both sides)
        List<WindowMeasure> pipelines = List.of(wall(0.011), wall(0.030), wall(0.010));
        List<WindowMeasure> models = List.of(wall(0.010), wall(0.020), wall(0.010));
        // and findings readable 0.1, 0.5 and 0.2 s after each of the 100-study pipeline windows
        List<Double> commitWaits = List.of(0.1, 0.5, 0.2);
        // When the row is made
        BenchRow row = BenchRow.of(1, pipelines, models, commitWaits);
        // Then the overhead is the median round's, not the ratio of the median times
        assertThat(row.overhead()).isCloseTo(0.10, within(1e-9));
        assertThat(row.lowestOverhead()).isCloseTo(0.0, within(1e-9));
        assertThat(row.highestOverhead()).isCloseTo(0.5, within(1e-9));
        assertThat(row.pipelineWall()).isEqualTo(0.011);
        assertThat(row.modelWall()).isEqualTo(0.010);
        assertThat(row.pipelineCpu()).isCloseTo(0.0165, within(1e-12));
        // counted to the findings readable, the rounds are 20%, 75% and 20%: median 20%
        assertThat(row.readableOverhead()).isCloseTo(0.20, within(1e-9));
        // And the line shows studies per second and the range
        assertThat(row.line()).startsWith("1 ").contains(" 90.9 ").contains("10.0%").contains("0.0..50.0%")
                .contains("20.0%");
    }

    @Test
    void shouldAverageTheTwoMiddleValuesOfAnEvenCount() {
        assertThat(BenchRow.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(BenchRow.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void shouldRefuseUnpairedWindows() {
        assertThatThrownBy(() -> BenchRow.of(8, List.of(wall(0.01)), List.of(), List.of(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("were 1, 0 and 1");
    }
}
