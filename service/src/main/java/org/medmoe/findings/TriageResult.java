package org.medmoe.findings;

import java.time.Instant;
import java.util.List;
import org.medmoe.pipeline.Pipeline;

/**
 * The triage of one study revision.
 *
 * @param priority the most urgent priority among the rules that fired ({@code ROUTINE} when none did)
 * @param score the highest probability among their evidence (0 when none)
 * @param firedRules the rules that fired, most urgent first
 * @param deadline the event time plus the priority's turnaround target
 * @param decidedAt when the decision was made
 */
public record TriageResult(Priority priority, double score, List<FiredRule> firedRules, Instant deadline,
        Instant decidedAt) {

    /** Copies the list. */
    public TriageResult {
        firedRules = List.copyOf(firedRules);
    }

    /** Urgency, most urgent first. */
    public enum Priority { STAT, URGENT, ROUTINE }

    /**
     * A rule whose conditions held.
     *
     * @param ruleId the rule's id in the pipeline
     * @param priority the priority it assigns
     * @param reason its reason, for people
     * @param evidence the findings that made it fire
     */
    public record FiredRule(String ruleId, Priority priority, String reason, List<Evidence> evidence) {
        /** Copies the list. */
        public FiredRule {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * A finding that made a rule fire.
     *
     * @param questionId the question
     * @param finding its coded finding, or null
     * @param answer the answer that matched
     * @param probability its probability, or null
     */
    public record Evidence(String questionId, Pipeline.Code finding, String answer, Double probability) {
    }
}
