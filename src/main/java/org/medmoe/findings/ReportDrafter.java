package org.medmoe.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.ReportSection;
import org.medmoe.schema.SectionName;
import org.medmoe.schema.Sentence;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;

/**
 * Writes a report draft from a study's findings with the pipeline's template: a technique sentence,
 * one sentence per finding (in prompt-set order), and an impression that names the coded findings the
 * model found present. Every sentence lists the findings it came from. Stateless and thread-safe.
 */
public final class ReportDrafter {
    private final Pipeline.ReportTemplate template;

    public ReportDrafter(Pipeline.ReportTemplate template) {
        this.template = template;
    }

    public ReportDraft draft(StudyEvent event, StudyFindings findings, Pipeline.PromptSet promptSet, Instant now) {
        String model = findings.getProvenance().getModelName() + " " + findings.getProvenance().getModelVersion();
        String banner = fill(template.banner(), Map.of("model", model));

        List<Sentence> technique = List.of(new Sentence(fill(template.technique(), Map.of(
                "modalities", event.getModalities().isEmpty() ? "Imaging" : String.join("/", event.getModalities()),
                "images", Integer.toString(findings.getImages().size()))), List.of()));

        List<Sentence> body = new ArrayList<>();
        List<Sentence> impression = new ArrayList<>();
        for (Pipeline.Question q : promptSet.questions()) {
            StudyFinding f = findings.getFindings().stream().filter(x -> x.getQuestionId().equals(q.id())).findFirst()
                    .orElse(null);
            if (f == null) {
                continue;
            }
            boolean withProbability = f.getProbability() != null;
            String sentence = fill(withProbability ? template.closedFinding() : template.openFinding(), Map.of(
                    "question", q.text(), "answer", f.getAnswer(),
                    "probability", withProbability ? percent(f.getProbability()) : ""));
            body.add(new Sentence(sentence, List.of(q.id())));
            if (f.getFinding() != null && q.positive() != null && q.positive().equals(f.getAnswer())) {
                impression.add(new Sentence(fill(template.impressionPositive(), Map.of(
                        "finding", f.getFinding().getCodeMeaning(),
                        "probability", withProbability ? percent(f.getProbability()) : "")), List.of(q.id())));
            }
        }
        if (impression.isEmpty()) {
            impression.add(new Sentence(template.impressionNone(), findings.getFindings().stream()
                    .filter(f -> f.getFinding() != null).map(StudyFinding::getQuestionId).toList()));
        }
        List<ReportSection> sections = List.of(new ReportSection(SectionName.TECHNIQUE, technique),
                new ReportSection(SectionName.FINDINGS, body), new ReportSection(SectionName.IMPRESSION, impression));
        return ReportDraft.newBuilder()
                .setStudyInstanceUid(findings.getStudyInstanceUid())
                .setRevision(findings.getRevision())
                .setSupersedesRevision(findings.getSupersedesRevision())
                .setAccessionNumber(findings.getAccessionNumber())
                .setBanner(banner)
                .setMachineGenerated(true)
                .setSections(sections)
                .setText(render(banner, sections))
                .setProvenance(findings.getProvenance())
                .setCreatedAt(now)
                .build();
    }

    static String render(String banner, List<ReportSection> sections) {
        StringBuilder out = new StringBuilder(banner).append("\n");
        for (ReportSection s : sections) {
            out.append('\n').append(s.getName().name()).append(":\n");
            for (Sentence sentence : s.getSentences()) {
                out.append("  ").append(sentence.getText()).append('\n');
            }
        }
        return out.toString();
    }

    static String fill(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    /** {@code p} as a whole percentage rounded half up, as {@code "%.0f%%"} gives, without a formatter per sentence. */
    static String percent(double p) {
        double v = p * 100;
        if (!Double.isFinite(v) || v < 0 || v >= 1e15) {
            return String.format(Locale.ROOT, "%.0f%%", v);
        }
        return Math.round(v) + "%";
    }
}
