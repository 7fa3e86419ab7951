package org.medmoe.findings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medmoe.pipeline.Pipeline;

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
    public List<AggregatedFinding> aggregate(List<ImageResult> images, Pipeline.PromptSet promptSet) {
        List<AggregatedFinding> out = new ArrayList<>();
        for (Pipeline.Question q : promptSet.questions()) {
            List<ImageAnswer> answers = new ArrayList<>();
            for (ImageResult image : images) {
                ImageAnswer a = image.answer(q.id());
                if (a != null) {
                    answers.add(a);
                }
            }
            if (!answers.isEmpty()) {
                out.add(q.kind() == Pipeline.Kind.CLOSED ? closed(q, answers) : open(q, answers, images, promptSet));
            }
        }
        return out;
    }

    /** Router modality probabilities averaged over images (label order of the first image). */
    public Map<String, Double> modalityScores(List<ImageResult> images) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (ImageResult image : images) {
            image.modalityScores().forEach((label, p) -> {
                double[] sum = sums.computeIfAbsent(label, k -> new double[2]);
                sum[0] += p;
                sum[1] += 1;
            });
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((label, sc) -> out.put(label, sc[0] / sc[1]));
        return out;
    }

    private static AggregatedFinding closed(Pipeline.Question q, List<ImageAnswer> answers) {
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String c : q.candidates()) {
            mean.put(c, answers.stream().mapToDouble(a -> a.probability(c)).average().orElse(0));
        }
        Double positive = null;
        String answer;
        if (q.positive() != null) {
            positive = q.aggregation() == Pipeline.Aggregation.MAX
                    ? answers.stream().mapToDouble(a -> a.probability(q.positive())).max().orElse(0)
                    : mean.get(q.positive());
            answer = q.present(positive) ? q.positive() : mean.entrySet().stream()
                    .filter(e -> !e.getKey().equals(q.positive())).max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(q.positive());
        } else {
            answer = mean.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
        }
        return new AggregatedFinding(q.id(), q.finding(), answer, positive, q.aggregation().name(), answers.size());
    }

    private static AggregatedFinding open(Pipeline.Question q, List<ImageAnswer> answers, List<ImageResult> images,
            Pipeline.PromptSet promptSet) {
        Pipeline.Question finding = promptSet.questions().stream()
                .filter(x -> x.kind() == Pipeline.Kind.CLOSED && x.positive() != null).findFirst().orElse(null);
        if (finding != null) {
            ImageResult most = null;
            double best = -1;
            for (ImageResult image : images) {
                ImageAnswer f = image.answer(finding.id());
                if (f != null && image.answer(q.id()) != null && f.probability(finding.positive()) > best) {
                    best = f.probability(finding.positive());
                    most = image;
                }
            }
            if (most != null) {
                return new AggregatedFinding(q.id(), q.finding(), most.answer(q.id()).answer(), null,
                        "MOST_LIKELY_" + finding.id().toUpperCase(Locale.ROOT), answers.size());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (ImageAnswer a : answers) {
            int c = counts.merge(a.answer(), 1, Integer::sum);
            if (c > bestCount) {
                best = a.answer();
                bestCount = c;
            }
        }
        return new AggregatedFinding(q.id(), q.finding(), best, null, "MOST_FREQUENT", answers.size());
    }
}
