package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.findings.ImageAnswer;
import org.medmoe.findings.ImageResult;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.Routing;
import org.medmoe.model.SharedAnswers;
import org.medmoe.model.Timings;
import org.medmoe.pipeline.Pipeline;

/** Turns the model's answers about one prepared image into its {@link ImageResult}. Stateless. */
final class ImageResults {
    private ImageResults() {
    }

    /** {@code image}'s result: one answer per question of {@code prompts}, in order, from {@code results}. */
    static ImageResult of(PreparedImage image, Pipeline.PromptSet prompts, SharedAnswers results) {
        List<ImageAnswer> answers = new ArrayList<>();
        Routing routing = null;
        double modelMs = 0;
        int closed = 0;
        int open = 0;
        for (Pipeline.Question q : prompts.questions()) {
            if (q.kind() == Pipeline.Kind.CLOSED) {
                CandidateScores scores = results.closed().get(closed++);
                answers.add(closed(q, scores));
                routing = routing == null ? scores.routing() : routing;
                modelMs += modelMs(scores.timings());
            } else {
                GeneratedAnswer generated = results.open().get(open++);
                answers.add(open(q, generated));
                routing = routing == null ? generated.routing() : routing;
                modelMs += modelMs(generated.timings());
            }
        }
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("fetch", image.fetchMs());
        timings.put("decode", image.decodeMs());
        timings.put("model", modelMs);
        return new ImageResult(image.ref().sopInstanceUid(), image.ref().seriesInstanceUid(), image.frame(),
                image.ref().modality(), routing == null ? Map.of() : routing.modality().probabilities(), answers,
                routing == null ? List.of() : layers(routing), timings);
    }

    private static ImageAnswer closed(Pipeline.Question q, CandidateScores scores) {
        return new ImageAnswer(q.id(), q.text(), true, scores.best(), scores.probabilities(), q.finding(),
                q.positive() == null ? null : scores.probabilities().get(q.positive()), 0, false);
    }

    private static ImageAnswer open(Pipeline.Question q, GeneratedAnswer generated) {
        return new ImageAnswer(q.id(), q.text(), false, generated.text(), Map.of(), null, null,
                generated.tokens().length, !generated.stoppedAtEos());
    }

    /** Per MoE layer, the share of routed positions per expert and the positions routed. */
    private static List<ImageResult.LayerRouting> layers(Routing routing) {
        List<ImageResult.LayerRouting> out = new ArrayList<>();
        for (int j = 0; j < routing.moeLayers().size(); j++) {
            List<Double> shares = new ArrayList<>();
            for (double s : routing.expertShares().get(j)) {
                shares.add(s);
            }
            out.add(new ImageResult.LayerRouting(routing.moeLayers().get(j), shares,
                    routing.chosenExperts().get(j).length));
        }
        return out;
    }

    /** Model time of the batch divided among its members: this request's share. */
    private static double modelMs(Timings t) {
        return (t.visionMs() + t.prefillMs() + t.decodeMs()) / Math.max(1, t.batchSize());
    }
}
