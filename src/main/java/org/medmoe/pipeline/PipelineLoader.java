package org.medmoe.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medmoe.pipeline.Pipeline.Aggregation;
import org.medmoe.pipeline.Pipeline.Code;
import org.medmoe.pipeline.Pipeline.FramePolicy;
import org.medmoe.pipeline.Pipeline.Kind;
import org.medmoe.pipeline.Pipeline.PromptSet;
import org.medmoe.pipeline.Pipeline.Question;
import org.medmoe.pipeline.Pipeline.ReportTemplate;
import org.medmoe.pipeline.Pipeline.Rule;
import org.medmoe.pipeline.Pipeline.Selection;
import org.medmoe.pipeline.Pipeline.Triage;

/**
 * Reads and validates {@code pipeline.yaml}. Every error names the file, the line and the key, e.g.
 * {@code pipeline.yaml line 41 (triage.rules[0].question): unknown question 'abnormal'}. Unknown
 * keys are errors too (a misspelt key must not be silently ignored).
 */
public final class PipelineLoader {
    /** Priorities a rule may assign, most urgent first. */
    public static final List<String> PRIORITIES = List.of("STAT", "URGENT", "ROUTINE");

    private final YamlDocument doc;
    private final List<String> errors = new ArrayList<>();

    private PipelineLoader(YamlDocument doc) {
        this.doc = doc;
    }

    public static Pipeline load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PipelineException("cannot read pipeline file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code text}; {@code source} names it in messages. */
    public static Pipeline parse(String source, String text) {
        PipelineLoader loader = new PipelineLoader(YamlDocument.parse(source, text));
        Pipeline pipeline = loader.pipeline();
        if (!loader.errors.isEmpty()) {
            throw new PipelineException("invalid pipeline:\n  " + String.join("\n  ", loader.errors));
        }
        return pipeline;
    }

    private Pipeline pipeline() {
        JsonNode root = doc.root();
        if (root == null || !root.isObject()) {
            error("", "the file must hold a mapping with version, selection, promptSets, triage and report");
            return null;
        }
        allowOnly(root, "", "version", "selection", "promptSets", "triage", "report");
        String version = text(root, "version", "", true);
        Map<String, Selection> selection = selection(root.path("selection"));
        List<PromptSet> sets = promptSets(root.path("promptSets"));
        Map<String, Question> questions = new LinkedHashMap<>();
        sets.forEach(s -> s.questions().forEach(q -> questions.putIfAbsent(q.id(), q)));
        Triage triage = triage(root.path("triage"), questions);
        ReportTemplate report = report(root.path("report"));
        return new Pipeline(version, selection, sets, triage, report);
    }

    private Map<String, Selection> selection(JsonNode node) {
        Map<String, Selection> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            error("selection", "must be a mapping of modality (or default) to a selection policy");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            var e = it.next();
            String path = "selection." + e.getKey();
            JsonNode s = e.getValue();
            allowOnly(s, path, "maxSeries", "maxImagesPerSeries", "frames", "maxImagesPerStudy");
            int maxSeries = integer(s, "maxSeries", path, 1, 1000, 4);
            int perSeries = integer(s, "maxImagesPerSeries", path, 1, 10_000, 3);
            int perStudy = integer(s, "maxImagesPerStudy", path, 1, 100_000, maxSeries * perSeries);
            FramePolicy frames = enumValue(FramePolicy.class, s, "frames", path, FramePolicy.MIDDLE);
            out.put(e.getKey(), new Selection(maxSeries, perSeries, frames, perStudy));
        }
        if (!out.containsKey("default")) {
            error("selection", "needs a 'default' entry for modalities not listed");
        }
        return out;
    }

    private List<PromptSet> promptSets(JsonNode node) {
        List<PromptSet> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            error("promptSets", "must be a non-empty list of prompt sets");
            return out;
        }
        Set<String> ids = new HashSet<>();
        Set<String> covered = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "promptSets[" + i + "]";
            JsonNode p = node.get(i);
            allowOnly(p, path, "id", "version", "modalities", "questions");
            String id = text(p, "id", path, true);
            if (id != null && !ids.add(id)) {
                error(path + ".id", "duplicate prompt set id '" + id + "'");
            }
            List<String> modalities = strings(p, "modalities", path, true);
            for (String m : modalities) {
                if (!covered.add(m)) {
                    error(path + ".modalities", "modality '" + m + "' is already covered by another prompt set");
                }
            }
            List<Question> questions = new ArrayList<>();
            JsonNode qs = p.path("questions");
            if (!qs.isArray() || qs.isEmpty()) {
                error(path + ".questions", "must be a non-empty list of questions");
            } else {
                Set<String> qids = new HashSet<>();
                for (int j = 0; j < qs.size(); j++) {
                    Question q = question(qs.get(j), path + ".questions[" + j + "]");
                    if (q.id() != null && !qids.add(q.id())) {
                        error(path + ".questions[" + j + "].id", "duplicate question id '" + q.id() + "'");
                    }
                    questions.add(q);
                }
            }
            out.add(new PromptSet(id, text(p, "version", path, true), modalities, List.copyOf(questions)));
        }
        return List.copyOf(out);
    }

    private Question question(JsonNode q, String path) {
        allowOnly(q, path, "id", "text", "kind", "candidates", "positive", "finding", "aggregate", "maxNewTokens",
                "presentAt");
        String id = text(q, "id", path, true);
        String text = text(q, "text", path, true);
        Kind kind = enumValue(Kind.class, q, "kind", path, null);
        List<String> candidates = strings(q, "candidates", path, false);
        String positive = text(q, "positive", path, false);
        Code finding = code(q.path("finding"), path + ".finding");
        Aggregation aggregation = enumValue(Aggregation.class, q, "aggregate", path, Aggregation.MAX);
        int maxNewTokens = integer(q, "maxNewTokens", path, 1, 512, 16);
        Double presentAt = q.has("presentAt") ? number(q, "presentAt", path) : Double.valueOf(Question.DEFAULT_PRESENT_AT);
        if (kind == Kind.CLOSED) {
            if (candidates.size() < 2) {
                error(path + ".candidates", "a closed question needs at least two candidate answers");
            }
            if (positive != null && !candidates.contains(positive)) {
                error(path + ".positive", "'" + positive + "' is not one of the candidates " + candidates);
            }
            if (finding != null && positive == null) {
                error(path + ".finding", "a coded finding needs 'positive': the answer that means it is present");
            }
            if (q.has("presentAt") && positive == null) {
                error(path + ".presentAt", "a threshold needs 'positive': the answer whose probability it applies to");
            }
        } else if (kind == Kind.OPEN && (!candidates.isEmpty() || positive != null || q.has("presentAt"))) {
            error(path + ".candidates", "an open question has no candidates, positive answer or presentAt");
        }
        return new Question(id, text, kind, List.copyOf(candidates), positive, finding, aggregation, maxNewTokens,
                presentAt == null ? Question.DEFAULT_PRESENT_AT : presentAt);
    }

    private Code code(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        allowOnly(node, path, "code", "scheme", "meaning");
        return new Code(text(node, "code", path, true), text(node, "scheme", path, true),
                text(node, "meaning", path, true));
    }

    private Triage triage(JsonNode node, Map<String, Question> questions) {
        allowOnly(node, "triage", "targets", "rules");
        Map<String, Duration> targets = new LinkedHashMap<>();
        JsonNode t = node.path("targets");
        for (String priority : PRIORITIES) {
            String v = text(t, priority, "triage.targets", true);
            if (v != null) {
                try {
                    targets.put(priority, Duration.parse(v));
                } catch (DateTimeParseException e) {
                    error("triage.targets." + priority, "'" + v + "' is not an ISO-8601 duration (e.g. PT1H)");
                }
            }
        }
        allowOnly(t, "triage.targets", PRIORITIES.toArray(String[]::new));
        List<Rule> rules = new ArrayList<>();
        JsonNode rs = node.path("rules");
        if (!rs.isArray()) {
            error("triage.rules", "must be a list of rules (it may be empty)");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                String path = "triage.rules[" + i + "]";
                JsonNode r = rs.get(i);
                allowOnly(r, path, "id", "priority", "reason", "modalities", "question", "answer", "probabilityAbove",
                        "orderPriorities");
                String id = text(r, "id", path, true);
                if (id != null && !ids.add(id)) {
                    error(path + ".id", "duplicate rule id '" + id + "'");
                }
                String priority = text(r, "priority", path, true);
                if (priority != null && !PRIORITIES.contains(priority)) {
                    error(path + ".priority", "'" + priority + "' is not one of " + PRIORITIES);
                }
                String questionId = text(r, "question", path, false);
                String answer = text(r, "answer", path, false);
                Double above = r.has("probabilityAbove") ? number(r, "probabilityAbove", path) : null;
                Question q = questionId == null ? null : questions.get(questionId);
                if (questionId != null && q == null) {
                    error(path + ".question", "unknown question '" + questionId + "' (not in any prompt set)");
                }
                if ((answer != null || above != null) && questionId == null) {
                    error(path, "'answer' and 'probabilityAbove' need 'question'");
                }
                if (above != null && q != null && q.positive() == null) {
                    error(path + ".probabilityAbove", "question '" + questionId + "' has no positive answer, so no probability");
                }
                if (answer != null && q != null && q.kind() == Kind.CLOSED && !q.candidates().contains(answer)) {
                    error(path + ".answer", "'" + answer + "' is not a candidate of question '" + questionId + "'");
                }
                List<String> modalities = strings(r, "modalities", path, false);
                List<String> orders = strings(r, "orderPriorities", path, false);
                if (questionId == null && modalities.isEmpty() && orders.isEmpty()) {
                    error(path, "a rule needs at least one condition (modalities, question or orderPriorities)");
                }
                rules.add(new Rule(id, priority, text(r, "reason", path, true), modalities, questionId, answer, above,
                        orders));
            }
        }
        return new Triage(Map.copyOf(targets), List.copyOf(rules));
    }

    private ReportTemplate report(JsonNode node) {
        allowOnly(node, "report", "banner", "technique", "closedFinding", "openFinding", "impressionPositive",
                "impressionNone");
        return new ReportTemplate(text(node, "banner", "report", true), text(node, "technique", "report", true),
                text(node, "closedFinding", "report", true), text(node, "openFinding", "report", true),
                text(node, "impressionPositive", "report", true), text(node, "impressionNone", "report", true));
    }

    private void allowOnly(JsonNode node, String path, String... keys) {
        if (node == null || !node.isObject()) {
            if (node != null && !node.isMissingNode()) {
                error(path, "must be a mapping");
            }
            return;
        }
        Set<String> allowed = Set.of(keys);
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                error(join(path, k), "unknown key '" + k + "' (allowed: " + String.join(", ", keys) + ")");
            }
        });
    }

    private String text(JsonNode node, String key, String path, boolean required) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                error(join(path, key), "is required");
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            error(join(path, key), "must be a non-empty text");
            return null;
        }
        return v.asText();
    }

    private List<String> strings(JsonNode node, String key, String path, boolean required) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                error(join(path, key), "is required");
            }
            return List.of();
        }
        if (!v.isArray()) {
            error(join(path, key), "must be a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        v.forEach(item -> out.add(item.asText()));
        return List.copyOf(out);
    }

    private int integer(JsonNode node, String key, String path, int min, int max, int dflt) {
        JsonNode v = node.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            error(join(path, key), "must be a whole number from " + min + " to " + max + ", was '" + v.asText() + "'");
            return dflt;
        }
        return v.asInt();
    }

    private Double number(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            error(join(path, key), "must be a probability between 0 and 1, was '" + v.asText() + "'");
            return null;
        }
        return v.asDouble();
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String key, String path, E dflt) {
        JsonNode v = node.path(key);
        if (v.isMissingNode()) {
            if (dflt == null) {
                error(join(path, key), "is required");
            }
            return dflt;
        }
        try {
            return Enum.valueOf(type, v.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            error(join(path, key), "'" + v.asText() + "' is not one of " + names);
            return dflt;
        }
    }

    private void error(String path, String message) {
        errors.add(doc.where(path) + ": " + message);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
