package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.sr.SrContent;
import org.medmoe.dicom.sr.SrException;
import org.medmoe.findings.AggregatedFinding;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.StudyResult;
import org.medmoe.pipeline.Pipeline;

/** A study's results as SR content: coded findings only, present or absent by the prompt set's threshold. */
class SrContentsTest {
    static final Pipeline.Code PNEUMONIA = new Pipeline.Code("233604007", "SCT", "Pneumonia");
    static final Pipeline.Code EFFUSION = new Pipeline.Code("60046008", "SCT", "Pleural effusion");

    /** Pneumonia at probability 0.87, effusion at 0.12, and an open question without a code. */
    static StudyResult results() {
        return new StudyResult("1.2.3", 3, null, "ACC-1", List.of("CT"), null, Instant.parse("2026-11-25T03:00:00Z"),
                List.of(), List.of(), List.of(
                        new AggregatedFinding("ct.pneumonia", PNEUMONIA, "yes", 0.87, "MAX", 1),
                        new AggregatedFinding("ct.effusion", EFFUSION, "no", 0.12, "MAX", 1),
                        new AggregatedFinding("ct.describe", null, "an axial slice", null, "FIRST", 1)),
                Map.of(), new ModelProvenance("med-moe-tiny", "0.1.0", "phi2", Map.of(), "CPU", "ct-default", "1",
                        "0.1.0"), Map.of(), Instant.parse("2026-11-25T03:00:05Z"));
    }

    /** The prompt set the results name, with {@code presentAt} as the threshold of both coded questions. */
    static Pipeline.PromptSet promptSet(double presentAt) {
        return new Pipeline.PromptSet("ct-default", "1", List.of("CT"), List.of(
                closed("ct.pneumonia", PNEUMONIA, presentAt),
                closed("ct.effusion", EFFUSION, presentAt),
                new Pipeline.Question("ct.describe", "Describe the image.", Pipeline.Kind.OPEN, List.of(), null, null,
                        Pipeline.Aggregation.MAX, 16, Pipeline.Question.DEFAULT_PRESENT_AT)));
    }

    private static Pipeline.Question closed(String id, Pipeline.Code code, double presentAt) {
        return new Pipeline.Question(id, "Is there " + code.meaning() + "?", Pipeline.Kind.CLOSED,
                List.of("yes", "no"), "yes", code, Pipeline.Aggregation.MAX, 16, presentAt);
    }

    @Test
    void shouldTakePresentOrAbsentFromThePromptSetsThreshold() throws Exception {
        // Given pneumonia at probability 0.87 and effusion at 0.12
        // When the prompt set asks for 0.9, for 0.5 and for 0.1
        SrContent strict = SrContents.of(results(), promptSet(0.9));
        SrContent usual = SrContents.of(results(), promptSet(0.5));
        SrContent lenient = SrContents.of(results(), promptSet(0.1));

        // Then the coded findings are evaluated by each threshold; the open question is not one
        assertThat(strict.evaluations()).extracting(e -> e.codeMeaning() + "=" + e.present())
                .containsExactly("Pneumonia=false", "Pleural effusion=false");
        assertThat(usual.evaluations()).extracting(e -> e.codeMeaning() + "=" + e.present())
                .containsExactly("Pneumonia=true", "Pleural effusion=false");
        assertThat(lenient.evaluations()).extracting(e -> e.codeMeaning() + "=" + e.present())
                .containsExactly("Pneumonia=true", "Pleural effusion=true");
        assertThat(usual.evaluations().get(0)).isEqualTo(new SrContent.Evaluation("233604007", "SCT", "Pneumonia",
                true, "yes", 0.87, "MAX", 1, "ct.pneumonia"));
        assertThat(usual.modelName()).isEqualTo("med-moe-tiny");
        assertThat(usual.intendedUse()).startsWith("Machine-generated; not for diagnostic use");
    }

    @Test
    void shouldRefuseFindingsOfAnotherPromptSet() {
        Pipeline.PromptSet other = new Pipeline.PromptSet("mr-default", "1", List.of("MR"), promptSet(0.5).questions());

        assertThatThrownBy(() -> SrContents.of(results(), other))
                .isInstanceOf(SrException.class).hasMessageContaining("ct-default 1").hasMessageContaining("mr-default 1");
    }
}
