package org.medmoe.findings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.Evidence;
import org.medmoe.schema.FiredRule;
import org.medmoe.schema.Priority;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;

/**
 * Applies the pipeline's triage rules to a study's findings. A rule fires when every condition it
 * sets holds; the decision takes the most urgent priority among the rules that fired (ROUTINE when
 * none did), its score is the highest probability among their evidence, and its deadline is the
 * event time plus that priority's target. Stateless and thread-safe.
 */
public final class TriageEngine {
    private final Pipeline.Triage triage;

    public TriageEngine(Pipeline.Triage triage) {
        this.triage = triage;
    }

    public TriageDecision decide(StudyEvent event, StudyFindings findings, Instant now) {
        List<FiredRule> fired = new ArrayList<>();
        for (Pipeline.Rule rule : triage.rules()) {
            evaluate(rule, event, findings).ifPresent(fired::add);
        }
        fired.sort(Comparator.comparing(FiredRule::getPriority));
        Priority priority = fired.isEmpty() ? Priority.ROUTINE : fired.get(0).getPriority();
        double score = fired.stream().flatMap(f -> f.getEvidence().stream())
                .map(Evidence::getProbability).filter(p -> p != null).mapToDouble(Double::doubleValue).max().orElse(0);
        Duration target = triage.targets().getOrDefault(priority.name(), Duration.ZERO);
        return TriageDecision.newBuilder()
                .setStudyInstanceUid(findings.getStudyInstanceUid())
                .setRevision(findings.getRevision())
                .setSupersedesRevision(findings.getSupersedesRevision())
                .setAccessionNumber(findings.getAccessionNumber())
                .setPriority(priority)
                .setScore(score)
                .setFiredRules(fired)
                .setDeadline(event.getEventTime().plus(target))
                .setProvenance(findings.getProvenance())
                .setDecidedAt(now)
                .build();
    }

    private static Optional<FiredRule> evaluate(Pipeline.Rule rule, StudyEvent event, StudyFindings findings) {
        if (!rule.modalities().isEmpty() && event.getModalities().stream().noneMatch(rule.modalities()::contains)) {
            return Optional.empty();
        }
        if (!rule.orderPriorities().isEmpty() && (event.getOrderPriority() == null
                || !rule.orderPriorities().contains(event.getOrderPriority()))) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        if (rule.questionId() != null) {
            StudyFinding f = findings.getFindings().stream().filter(x -> x.getQuestionId().equals(rule.questionId()))
                    .findFirst().orElse(null);
            if (f == null) {
                return Optional.empty();
            }
            if (rule.probabilityAbove() != null && (f.getProbability() == null
                    || f.getProbability() <= rule.probabilityAbove())) {
                return Optional.empty();
            }
            if (rule.answer() != null && !rule.answer().equalsIgnoreCase(f.getAnswer().trim())) {
                return Optional.empty();
            }
            evidence.add(new Evidence(f.getQuestionId(), f.getFinding(), f.getAnswer(), f.getProbability()));
        }
        return Optional.of(new FiredRule(rule.id(), Priority.valueOf(rule.priority()), rule.reason(), evidence));
    }
}
