package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Router logits become expert choices, shares and modality probabilities. */
class RoutingTraceTest {
    static final List<String> LABELS = List.of("CT", "MRI", "PATHOLOGY", "XRAY");

    @Test
    void shouldAverageTheRouterSoftmaxOverImageTokensAndLayersOnly() {
        // Given two MoE layers, three positions: one text position, then two image positions
        RoutingTrace trace = new RoutingTrace(new ModelManifest.Moe(List.of(0, 2), 4, 1, LABELS, false), 3);
        float[] layer0 = {9, 0, 0, 0, /* image */ 0, 0, 0, 0, 0, 0, 0, 0};
        float[] layer1 = {9, 0, 0, 0, /* image */ 0, (float) Math.log(3), 0, 0, 0, (float) Math.log(3), 0, 0};
        trace.append(List.of(layer0, layer1), 0, 3, 0, 3);
        // When summarised with the image at positions 1..2
        Routing routing = trace.routing(1, 2);
        // Then the text position does not count, and the layers are averaged
        assertThat(routing.modality().probabilities().get("CT")).isCloseTo((0.25 + 1 / 6.0) / 2, within(1e-7));
        assertThat(routing.modality().probabilities().get("MRI")).isCloseTo((0.25 + 0.5) / 2, within(1e-7));
        assertThat(routing.modality().top()).isEqualTo("MRI");
        assertThat(routing.chosenExperts().get(0)).containsExactly(0, 0, 0);
        assertThat(routing.chosenExperts().get(1)).containsExactly(0, 1, 1);
        assertThat(routing.expertShares().get(1)).containsExactly(new double[] {1 / 3.0, 2 / 3.0, 0, 0}, within(1e-7));
        assertThat(routing.secondExperts()).isEmpty();
    }

    @Test
    void shouldReportTheSecondChoiceForTopTwoModelsAndBreakTiesToTheLowerExpert() {
        RoutingTrace trace = new RoutingTrace(new ModelManifest.Moe(List.of(0), 4, 2, LABELS, false), 1);
        trace.append(List.<float[]>of(new float[] {1, 3, 3, 2}), 0, 1, 0, 1);
        Routing routing = trace.routing(0, 1);
        assertThat(routing.chosenExperts().get(0)).containsExactly(1);
        assertThat(routing.secondExperts().get(0)).containsExactly(2);
    }

    @Test
    void shouldGrowPastTheExpectedNumberOfPositions() {
        RoutingTrace trace = new RoutingTrace(new ModelManifest.Moe(List.of(0), 4, 1, LABELS, false), 1);
        for (int i = 0; i < 5; i++) {
            trace.append(List.<float[]>of(new float[] {0, 0, 0, i}), 0, 1, 0, 1);
        }
        assertThat(trace.positions()).isEqualTo(5);
        assertThat(trace.routing(0, 1).chosenExperts().get(0)).containsExactly(0, 3, 3, 3, 3);
    }
}
