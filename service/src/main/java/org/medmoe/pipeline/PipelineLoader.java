package org.medmoe.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.pipeline.Pipeline.FramePolicy;
import org.medmoe.pipeline.Pipeline.PromptSet;
import org.medmoe.pipeline.Pipeline.Question;
import org.medmoe.pipeline.Pipeline.ReportTemplate;
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
    private final Fields fields;

    private PipelineLoader(YamlDocument doc) {
        this.doc = doc;
        this.fields = new Fields(doc);
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
        if (!loader.fields.errors().isEmpty()) {
            throw new PipelineException("invalid pipeline:\n  " + String.join("\n  ", loader.fields.errors()));
        }
        return pipeline;
    }

    private Pipeline pipeline() {
        JsonNode root = doc.root();
        if (root == null || !root.isObject()) {
            fields.error("", "the file must hold a mapping with version, selection, promptSets, triage and report");
            return null;
        }
        fields.allowOnly(root, "", "version", "selection", "promptSets", "triage", "report");
        String version = fields.text(root, "version", "", true);
        Map<String, Selection> selection = selection(root.path("selection"));
        List<PromptSet> sets = new PromptSetReader(fields).promptSets(root.path("promptSets"));
        Map<String, Question> questions = new LinkedHashMap<>();
        sets.forEach(s -> s.questions().forEach(q -> questions.putIfAbsent(q.id(), q)));
        Triage triage = new TriageReader(fields).triage(root.path("triage"), questions);
        ReportTemplate report = report(root.path("report"));
        return new Pipeline(version, selection, sets, triage, report);
    }

    private Map<String, Selection> selection(JsonNode node) {
        Map<String, Selection> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            fields.error("selection", "must be a mapping of modality (or default) to a selection policy");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            var e = it.next();
            String path = "selection." + e.getKey();
            JsonNode s = e.getValue();
            fields.allowOnly(s, path, "maxSeries", "maxImagesPerSeries", "frames", "maxImagesPerStudy");
            int maxSeries = fields.integer(s, "maxSeries", path, 1, 1000, 4);
            int perSeries = fields.integer(s, "maxImagesPerSeries", path, 1, 10_000, 3);
            int perStudy = fields.integer(s, "maxImagesPerStudy", path, 1, 100_000, maxSeries * perSeries);
            FramePolicy frames = fields.enumValue(FramePolicy.class, s, "frames", path, FramePolicy.MIDDLE);
            out.put(e.getKey(), new Selection(maxSeries, perSeries, frames, perStudy));
        }
        if (!out.containsKey("default")) {
            fields.error("selection", "needs a 'default' entry for modalities not listed");
        }
        return out;
    }

    private ReportTemplate report(JsonNode node) {
        fields.allowOnly(node, "report", "banner", "technique", "closedFinding", "openFinding", "impressionPositive",
                "impressionNone");
        return new ReportTemplate(fields.text(node, "banner", "report", true),
                fields.text(node, "technique", "report", true), fields.text(node, "closedFinding", "report", true),
                fields.text(node, "openFinding", "report", true), fields.text(node, "impressionPositive", "report", true),
                fields.text(node, "impressionNone", "report", true));
    }
}
