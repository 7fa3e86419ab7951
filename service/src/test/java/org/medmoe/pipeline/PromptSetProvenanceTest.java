package org.medmoe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSetProvenanceTest {
    private final Pipeline.PromptSet core = new Pipeline.PromptSet("core", "1.0", List.of("CT"), List.of());

    @Test
    void shouldRecogniseFindingsWhoseProvenanceNamesItWithThePipelineVersion() {
        assertThat(core.produced("core", "1.0/pipeline 1")).isTrue();
        assertThat(core.produced("core", "1.0")).isTrue();
    }

    @Test
    void shouldRefuseAnotherIdOrVersion() {
        assertThat(core.produced("chest", "1.0/pipeline 1")).isFalse();
        assertThat(core.produced("core", "1.01/pipeline 1")).isFalse();
        assertThat(core.produced("core", "2.0")).isFalse();
        assertThat(core.produced("core", null)).isFalse();
    }
}
