package org.medmoe.findings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.medmoe.pipeline.Pipeline;

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

    /** The triage of {@code study} (its modalities, order priority and event time, and its findings). */
    public TriageResult decide(StudyResult study, Instant now) {
        List<TriageResult.FiredRule> fired = new ArrayList<>();
        for (Pipeline.Rule rule : triage.rules()) {
            evaluate(rule, study).ifPresent(fired::add);
        }
        fired.sort(Comparator.comparing(TriageResult.FiredRule::priority));
        TriageResult.Priority priority = fired.isEmpty() ? TriageResult.Priority.ROUTINE : fired.get(0).priority();
        double score = fired.stream().flatMap(f -> f.evidence().stream())
                .map(TriageResult.Evidence::probability).filter(p -> p != null).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        Duration target = triage.targets().getOrDefault(priority.name(), Duration.ZERO);
        return new TriageResult(priority, score, fired, study.eventTime().plus(target), now);
    }

    private static Optional<TriageResult.FiredRule> evaluate(Pipeline.Rule rule, StudyResult study) {
        if (!rule.modalities().isEmpty() && study.modalities().stream().noneMatch(rule.modalities()::contains)) {
            return Optional.empty();
        }
        if (!rule.orderPriorities().isEmpty() && (study.orderPriority() == null
                || !rule.orderPriorities().contains(study.orderPriority()))) {
            return Optional.empty();
        }
        List<TriageResult.Evidence> evidence = new ArrayList<>();
        if (rule.questionId() != null) {
            AggregatedFinding f = study.finding(rule.questionId());
            if (f == null) {
                return Optional.empty();
            }
            if (rule.probabilityAbove() != null && (f.probability() == null
                    || f.probability() <= rule.probabilityAbove())) {
                return Optional.empty();
            }
            if (rule.answer() != null && !rule.answer().equalsIgnoreCase(f.answer().trim())) {
                return Optional.empty();
            }
            evidence.add(new TriageResult.Evidence(f.questionId(), f.finding(), f.answer(), f.probability()));
        }
        return Optional.of(new TriageResult.FiredRule(rule.id(), TriageResult.Priority.valueOf(rule.priority()),
                rule.reason(), evidence));
    }
}
