package org.medmoe.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole pipeline definition. Immutable; thread-safe.
 *
 * @param version version of this pipeline file (recorded in provenance with the prompt set's own)
 * @param selection image selection per DICOM modality, with {@code default} for the others
 * @param promptSets prompt sets; each applies to the DICOM modalities it lists
 * @param triage triage rules and turnaround targets
 * @param report report-draft template
 */
public record Pipeline(String version, Map<String, Selection> selection, List<PromptSet> promptSets, Triage triage,
        ReportTemplate report) {

    /** The selection policy for {@code modality} (falls back to {@code default}, also for a null modality). */
    public Selection selectionFor(String modality) {
        Selection s = modality == null ? null : selection.get(modality);
        return s != null ? s : selection.get("default");
    }

    /** The prompt set for {@code modality}, or the one that lists {@code *} (also for a null modality). */
    public Optional<PromptSet> promptSetFor(String modality) {
        return promptSets.stream().filter(p -> modality != null && p.modalities().contains(modality)).findFirst()
                .or(() -> promptSets.stream().filter(p -> p.modalities().contains("*")).findFirst());
    }

    /** Which images of a study to analyse. */
    public record Selection(int maxSeries, int maxImagesPerSeries, FramePolicy frames, int maxImagesPerStudy) {
    }

    /** Which frames of a multi-frame instance to analyse. */
    public enum FramePolicy { FIRST, MIDDLE, ALL }

    /** A versioned set of questions for some modalities. */
    public record PromptSet(String id, String version, List<String> modalities, List<Question> questions) {

        /**
         * Whether findings whose provenance names prompt set {@code promptSetId}, version
         * {@code provenanceVersion} ({@code <version>/pipeline <pipeline version>}, or the bare
         * version), were produced with this prompt set.
         */
        public boolean produced(String promptSetId, String provenanceVersion) {
            return id.equals(promptSetId) && provenanceVersion != null
                    && (provenanceVersion.equals(version) || provenanceVersion.startsWith(version + "/pipeline "));
        }
    }

    /** Kind of question: scored candidates, or generated text. */
    public enum Kind { CLOSED, OPEN }

    /** How image-level answers become the study's answer. */
    public enum Aggregation { MAX, MEAN }

    /**
     * One question. CLOSED questions have candidates, and optionally a positive candidate whose
     * probability is the probability of the coded finding; OPEN questions have a token cap.
     * {@code presentAt}: the study-level probability of the positive answer at or above which the
     * positive answer is the study's answer and its coded finding is recorded as present (in the
     * findings, the report draft and the Structured Report); {@value #DEFAULT_PRESENT_AT} unless the
     * pipeline file says otherwise.
     */
    public record Question(String id, String text, Kind kind, List<String> candidates, String positive,
            Code finding, Aggregation aggregation, int maxNewTokens, double presentAt) {

        /** Threshold used when a question names none. */
        public static final double DEFAULT_PRESENT_AT = 0.5;

        /**
         * Whether a study-level probability of the positive answer makes the finding present.
         */
        public boolean present(double positiveProbability) {
            return positiveProbability >= presentAt;
        }
    }

    /** A coded concept: value, scheme (SCT, RADLEX, DCM, ...) and meaning. */
    public record Code(String value, String scheme, String meaning) {
    }

    /** Triage: rules in order of evaluation, and the turnaround target of each priority. */
    public record Triage(Map<String, Duration> targets, List<Rule> rules) {
    }

    /**
     * A rule fires when every condition that is set holds. {@code questionId} with
     * {@code probabilityAbove} looks at the study-level probability of that question's positive
     * answer; {@code answer} at its study-level answer.
     */
    public record Rule(String id, String priority, String reason, List<String> modalities, String questionId,
            String answer, Double probabilityAbove, List<String> orderPriorities) {
    }

    /**
     * Sentences of the report draft. Placeholders: {@code {modalities}}, {@code {images}},
     * {@code {question}}, {@code {answer}}, {@code {probability}}, {@code {finding}}.
     */
    public record ReportTemplate(String banner, String technique, String closedFinding, String openFinding,
            String impressionPositive, String impressionNone) {
    }
}
