package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/** The analysis a topology is built with before its model is loaded. */
class DeferredAnalysisTest {

    @Test
    void shouldRefuseAStudyBeforeTheModelIsThereAndHandItOnAfter() {
        DeferredAnalysis deferred = new DeferredAnalysis();
        StudyEvent event = new StudyEvent();
        event.setStudyInstanceUid("1.2.3");

        // Before: a study here means Kafka Streams was not paused, which must not pass silently
        assertThatThrownBy(() -> deferred.analyze(event, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the model was loaded");

        // After: each study goes to the analysis of the loaded model, as it is
        List<String> seen = new ArrayList<>();
        deferred.set((e, supersedes) -> {
            seen.add(e.getStudyInstanceUid() + "/" + supersedes);
            throw new AnalysisException("model", ReasonCode.MODEL_ERROR, "the real analysis answered", null);
        });
        assertThatThrownBy(() -> deferred.analyze(event, 4L)).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("the real analysis answered");
        assertThat(seen).containsExactly("1.2.3/4");
    }
}
