package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.fuzz.FuzzReplay;

/** The short regression run of {@link IntakeFuzzTarget} ({@link FuzzReplay}). */
class IntakeFuzzRegressionTest {

    @Test
    void theIntakeHandlesEverySeedFindingAndMutation() {
        Map<String, byte[]> seeds = IntakeFuzzTarget.seeds();
        assertThat(seeds).hasSize(8);
        assertThat(FuzzReplay.replay("intake", IntakeFuzzTarget::fuzzerTestOneInput, seeds, 500))
                .isGreaterThanOrEqualTo(4000);
    }
}
