package org.medmoe.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medmoe.pipeline.Pipeline.Kind;
import org.medmoe.pipeline.Pipeline.Question;
import org.medmoe.pipeline.Pipeline.Rule;
import org.medmoe.pipeline.Pipeline.Triage;

/**
 * Reads and validates {@code pipeline.yaml}'s {@code triage}: a turnaround target per priority and
 * rules whose conditions name known questions and candidates. Confined to the loading thread.
 */
final class TriageReader {
    private final Fields fields;

    TriageReader(Fields fields) {
        this.fields = fields;
    }

    Triage triage(JsonNode node, Map<String, Question> questions) {
        fields.allowOnly(node, "triage", "targets", "rules");
        Map<String, Duration> targets = new LinkedHashMap<>();
        JsonNode t = node.path("targets");
        for (String priority : PipelineLoader.PRIORITIES) {
            String v = fields.text(t, priority, "triage.targets", true);
            if (v != null) {
                try {
                    targets.put(priority, Duration.parse(v));
                } catch (DateTimeParseException e) {
                    fields.error("triage.targets." + priority, "'" + v + "' is not an ISO-8601 duration (e.g. PT1H)");
                }
            }
        }
        fields.allowOnly(t, "triage.targets", PipelineLoader.PRIORITIES.toArray(String[]::new));
        List<Rule> rules = new ArrayList<>();
        JsonNode rs = node.path("rules");
        if (!rs.isArray()) {
            fields.error("triage.rules", "must be a list of rules (it may be empty)");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                rules.add(rule(rs.get(i), "triage.rules[" + i + "]", ids, questions));
            }
        }
        return new Triage(Map.copyOf(targets), List.copyOf(rules));
    }

    /** One rule; {@code ids} holds the rule ids read so far, {@code questions} those of every prompt set. */
    private Rule rule(JsonNode r, String path, Set<String> ids, Map<String, Question> questions) {
        fields.allowOnly(r, path, "id", "priority", "reason", "modalities", "question", "answer", "probabilityAbove",
                "orderPriorities");
        String id = fields.text(r, "id", path, true);
        if (id != null && !ids.add(id)) {
            fields.error(path + ".id", "duplicate rule id '" + id + "'");
        }
        String priority = fields.text(r, "priority", path, true);
        if (priority != null && !PipelineLoader.PRIORITIES.contains(priority)) {
            fields.error(path + ".priority", "'" + priority + "' is not one of " + PipelineLoader.PRIORITIES);
        }
        String questionId = fields.text(r, "question", path, false);
        String answer = fields.text(r, "answer", path, false);
        Double above = r.has("probabilityAbove") ? fields.number(r, "probabilityAbove", path) : null;
        Question q = questionId == null ? null : questions.get(questionId);
        if (questionId != null && q == null) {
            fields.error(path + ".question", "unknown question '" + questionId + "' (not in any prompt set)");
        }
        if ((answer != null || above != null) && questionId == null) {
            fields.error(path, "'answer' and 'probabilityAbove' need 'question'");
        }
        if (above != null && q != null && q.positive() == null) {
            fields.error(path + ".probabilityAbove", "question '" + questionId + "' has no positive answer, so no probability");
        }
        if (answer != null && q != null && q.kind() == Kind.CLOSED && !q.candidates().contains(answer)) {
            fields.error(path + ".answer", "'" + answer + "' is not a candidate of question '" + questionId + "'");
        }
        List<String> modalities = fields.strings(r, "modalities", path, false);
        List<String> orders = fields.strings(r, "orderPriorities", path, false);
        if (questionId == null && modalities.isEmpty() && orders.isEmpty()) {
            fields.error(path, "a rule needs at least one condition (modalities, question or orderPriorities)");
        }
        return new Rule(id, priority, fields.text(r, "reason", path, true), modalities, questionId, answer, above,
                orders);
    }
}
