package org.medmoe.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medmoe.pipeline.Pipeline.Aggregation;
import org.medmoe.pipeline.Pipeline.Code;
import org.medmoe.pipeline.Pipeline.Kind;
import org.medmoe.pipeline.Pipeline.PromptSet;
import org.medmoe.pipeline.Pipeline.Question;

/**
 * Reads and validates {@code pipeline.yaml}'s {@code promptSets}: ids and modalities unique, closed
 * questions with candidates (and a positive answer for a coded finding or a threshold), open
 * questions without. Confined to the loading thread.
 */
final class PromptSetReader {
    private final Fields fields;

    PromptSetReader(Fields fields) {
        this.fields = fields;
    }

    List<PromptSet> promptSets(JsonNode node) {
        List<PromptSet> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            fields.error("promptSets", "must be a non-empty list of prompt sets");
            return out;
        }
        Set<String> ids = new HashSet<>();
        Set<String> covered = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "promptSets[" + i + "]";
            JsonNode p = node.get(i);
            fields.allowOnly(p, path, "id", "version", "modalities", "questions");
            String id = fields.text(p, "id", path, true);
            if (id != null && !ids.add(id)) {
                fields.error(path + ".id", "duplicate prompt set id '" + id + "'");
            }
            List<String> modalities = fields.strings(p, "modalities", path, true);
            for (String m : modalities) {
                if (!covered.add(m)) {
                    fields.error(path + ".modalities", "modality '" + m + "' is already covered by another prompt set");
                }
            }
            List<Question> questions = new ArrayList<>();
            JsonNode qs = p.path("questions");
            if (!qs.isArray() || qs.isEmpty()) {
                fields.error(path + ".questions", "must be a non-empty list of questions");
            } else {
                Set<String> qids = new HashSet<>();
                for (int j = 0; j < qs.size(); j++) {
                    Question q = question(qs.get(j), path + ".questions[" + j + "]");
                    if (q.id() != null && !qids.add(q.id())) {
                        fields.error(path + ".questions[" + j + "].id", "duplicate question id '" + q.id() + "'");
                    }
                    questions.add(q);
                }
            }
            out.add(new PromptSet(id, fields.text(p, "version", path, true), modalities, List.copyOf(questions)));
        }
        return List.copyOf(out);
    }

    private Question question(JsonNode q, String path) {
        fields.allowOnly(q, path, "id", "text", "kind", "candidates", "positive", "finding", "aggregate", "maxNewTokens",
                "presentAt");
        String id = fields.text(q, "id", path, true);
        String text = fields.text(q, "text", path, true);
        Kind kind = fields.enumValue(Kind.class, q, "kind", path, null);
        List<String> candidates = fields.strings(q, "candidates", path, false);
        String positive = fields.text(q, "positive", path, false);
        Code finding = code(q.path("finding"), path + ".finding");
        Aggregation aggregation = fields.enumValue(Aggregation.class, q, "aggregate", path, Aggregation.MAX);
        int maxNewTokens = fields.integer(q, "maxNewTokens", path, 1, 512, 16);
        Double presentAt = q.has("presentAt") ? fields.number(q, "presentAt", path) : Double.valueOf(Question.DEFAULT_PRESENT_AT);
        if (kind == Kind.CLOSED) {
            if (candidates.size() < 2) {
                fields.error(path + ".candidates", "a closed question needs at least two candidate answers");
            }
            if (positive != null && !candidates.contains(positive)) {
                fields.error(path + ".positive", "'" + positive + "' is not one of the candidates " + candidates);
            }
            if (finding != null && positive == null) {
                fields.error(path + ".finding", "a coded finding needs 'positive': the answer that means it is present");
            }
            if (q.has("presentAt") && positive == null) {
                fields.error(path + ".presentAt", "a threshold needs 'positive': the answer whose probability it applies to");
            }
        } else if (kind == Kind.OPEN && (!candidates.isEmpty() || positive != null || q.has("presentAt"))) {
            fields.error(path + ".candidates", "an open question has no candidates, positive answer or presentAt");
        }
        return new Question(id, text, kind, List.copyOf(candidates), positive, finding, aggregation, maxNewTokens,
                presentAt == null ? Question.DEFAULT_PRESENT_AT : presentAt);
    }

    private Code code(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        fields.allowOnly(node, path, "code", "scheme", "meaning");
        return new Code(fields.text(node, "code", path, true), fields.text(node, "scheme", path, true),
                fields.text(node, "meaning", path, true));
    }
}
