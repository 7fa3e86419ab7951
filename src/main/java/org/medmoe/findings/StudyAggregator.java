package org.medmoe.findings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.VqaAnswer;

/**
 * Aggregates image-level answers into study-level findings, by each question's rule.
 *
 * <ul>
 *   <li>Closed question with a positive answer: the positive answer's probability is aggregated
 *   over images (MAX: the most suspicious image decides; MEAN: the average); the study's answer is
 *   the positive one when that probability is at least the question's {@code presentAt}
 *   threshold (pipeline file, default 0.5), else the most probable other candidate.
 *   <li>Closed question without a positive answer: candidate probabilities are averaged; the answer is
 *   the most probable candidate.
 *   <li>Open question: when the prompt set has a coded finding, the answer of the image most likely
 *   to show it (where is the lesion: where it is most visible); otherwise the most frequent answer
 *   text (the first seen among ties).
 * </ul>
 * Stateless and thread-safe.
 */
public final class StudyAggregator {
    public List<StudyFinding> aggregate(List<ImageFinding> images, Pipeline.PromptSet promptSet) {
        List<StudyFinding> out = new ArrayList<>();
        for (Pipeline.Question q : promptSet.questions()) {
            List<VqaAnswer> answers = new ArrayList<>();
            for (ImageFinding image : images) {
                image.getAnswers().stream().filter(a -> a.getQuestionId().equals(q.id())).findFirst()
                        .ifPresent(answers::add);
            }
            if (!answers.isEmpty()) {
                out.add(q.kind() == Pipeline.Kind.CLOSED ? closed(q, answers) : open(q, answers, images, promptSet));
            }
        }
        return out;
    }

    /** Router modality probabilities averaged over images (label order of the first image). */
    public List<ModalityScore> modalityScores(List<ImageFinding> images) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (ImageFinding image : images) {
            for (ModalityScore s : image.getModalityScores()) {
                sums.computeIfAbsent(s.getLabel(), k -> new double[2]);
                sums.get(s.getLabel())[0] += s.getProbability();
                sums.get(s.getLabel())[1] += 1;
            }
        }
        List<ModalityScore> out = new ArrayList<>();
        sums.forEach((label, sc) -> out.add(new ModalityScore(label, sc[0] / sc[1])));
        return out;
    }

    private static StudyFinding closed(Pipeline.Question q, List<VqaAnswer> answers) {
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String c : q.candidates()) {
            mean.put(c, answers.stream().mapToDouble(a -> probability(a, c)).average().orElse(0));
        }
        Double positive = null;
        String answer;
        if (q.positive() != null) {
            positive = q.aggregation() == Pipeline.Aggregation.MAX
                    ? answers.stream().mapToDouble(a -> probability(a, q.positive())).max().orElse(0)
                    : mean.get(q.positive());
            answer = q.present(positive) ? q.positive() : mean.entrySet().stream()
                    .filter(e -> !e.getKey().equals(q.positive())).max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(q.positive());
        } else {
            answer = mean.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
        }
        return StudyFinding.newBuilder().setQuestionId(q.id()).setFinding(code(q)).setAnswer(answer)
                .setProbability(positive).setAggregation(q.aggregation().name()).setImageCount(answers.size()).build();
    }

    private static StudyFinding open(Pipeline.Question q, List<VqaAnswer> answers, List<ImageFinding> images,
            Pipeline.PromptSet promptSet) {
        Pipeline.Question finding = promptSet.questions().stream()
                .filter(x -> x.kind() == Pipeline.Kind.CLOSED && x.positive() != null).findFirst().orElse(null);
        if (finding != null) {
            ImageFinding most = null;
            double best = -1;
            for (ImageFinding image : images) {
                VqaAnswer f = answer(image, finding.id());
                if (f != null && answer(image, q.id()) != null && probability(f, finding.positive()) > best) {
                    best = probability(f, finding.positive());
                    most = image;
                }
            }
            if (most != null) {
                return StudyFinding.newBuilder().setQuestionId(q.id()).setFinding(code(q))
                        .setAnswer(answer(most, q.id()).getAnswer()).setProbability(null)
                        .setAggregation("MOST_LIKELY_" + finding.id().toUpperCase(java.util.Locale.ROOT))
                        .setImageCount(answers.size()).build();
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (VqaAnswer a : answers) {
            int c = counts.merge(a.getAnswer(), 1, Integer::sum);
            if (c > bestCount) {
                best = a.getAnswer();
                bestCount = c;
            }
        }
        return StudyFinding.newBuilder().setQuestionId(q.id()).setFinding(code(q)).setAnswer(best)
                .setProbability(null).setAggregation("MOST_FREQUENT").setImageCount(answers.size()).build();
    }

    private static VqaAnswer answer(ImageFinding image, String questionId) {
        return image.getAnswers().stream().filter(a -> a.getQuestionId().equals(questionId)).findFirst().orElse(null);
    }

    private static double probability(VqaAnswer a, String candidate) {
        for (LabelScore s : a.getCandidates()) {
            if (s.getLabel().equals(candidate)) {
                return s.getProbability();
            }
        }
        return 0;
    }

    static CodedConcept code(Pipeline.Question q) {
        Pipeline.Code c = q.finding();
        return c == null ? null : new CodedConcept(c.value(), c.scheme(), c.meaning());
    }
}
