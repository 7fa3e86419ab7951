package org.medmoe.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medmoe.findings.DraftResult.Section;
import org.medmoe.findings.DraftResult.SectionName;
import org.medmoe.findings.DraftResult.Sentence;
import org.medmoe.pipeline.Pipeline;

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

    public DraftResult draft(StudyResult study, Pipeline.PromptSet promptSet, Instant now) {
        String model = study.provenance().modelName() + " " + study.provenance().modelVersion();
        String banner = fill(template.banner(), Map.of("model", model));

        List<Sentence> technique = List.of(new Sentence(fill(template.technique(), Map.of(
                "modalities", study.modalities().isEmpty() ? "Imaging" : String.join("/", study.modalities()),
                "images", Integer.toString(study.images().size()))), List.of()));

        List<Sentence> body = new ArrayList<>();
        List<Sentence> impression = new ArrayList<>();
        for (Pipeline.Question q : promptSet.questions()) {
            AggregatedFinding f = study.finding(q.id());
            if (f == null) {
                continue;
            }
            boolean withProbability = f.probability() != null;
            String sentence = fill(withProbability ? template.closedFinding() : template.openFinding(), Map.of(
                    "question", q.text(), "answer", f.answer(),
                    "probability", withProbability ? percent(f.probability()) : ""));
            body.add(new Sentence(sentence, List.of(q.id())));
            if (f.finding() != null && q.positive() != null && q.positive().equals(f.answer())) {
                impression.add(new Sentence(fill(template.impressionPositive(), Map.of(
                        "finding", f.finding().meaning(),
                        "probability", withProbability ? percent(f.probability()) : "")), List.of(q.id())));
            }
        }
        if (impression.isEmpty()) {
            impression.add(new Sentence(template.impressionNone(), study.findings().stream()
                    .filter(f -> f.finding() != null).map(AggregatedFinding::questionId).toList()));
        }
        List<Section> sections = List.of(new Section(SectionName.TECHNIQUE, technique),
                new Section(SectionName.FINDINGS, body), new Section(SectionName.IMPRESSION, impression));
        return new DraftResult(banner, sections, render(banner, sections), now);
    }

    static String render(String banner, List<Section> sections) {
        StringBuilder out = new StringBuilder(banner).append("\n");
        for (Section s : sections) {
            out.append('\n').append(s.name().name()).append(":\n");
            for (Sentence sentence : s.sentences()) {
                out.append("  ").append(sentence.text()).append('\n');
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
