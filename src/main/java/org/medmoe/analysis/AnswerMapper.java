package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.List;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.Routing;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.QuestionKind;
import org.medmoe.schema.VqaAnswer;

/** Turns a model result into the published {@link VqaAnswer}. */
final class AnswerMapper {
    private AnswerMapper() {
    }

    record Mapped(VqaAnswer answer, Routing routing, double modelMs) {
    }

    static Mapped map(Pipeline.Question q, Object result) {
        VqaAnswer.Builder answer = VqaAnswer.newBuilder().setQuestionId(q.id()).setQuestion(q.text())
                .setKind(q.kind() == Pipeline.Kind.CLOSED ? QuestionKind.CLOSED : QuestionKind.OPEN);
        if (result instanceof CandidateScores scores) {
            List<LabelScore> candidates = new ArrayList<>();
            scores.probabilities().forEach((label, p) -> candidates.add(new LabelScore(label, p)));
            Pipeline.Code code = q.finding();
            answer.setAnswer(scores.best()).setCandidates(candidates)
                    .setFinding(code == null ? null : new CodedConcept(code.value(), code.scheme(), code.meaning()))
                    .setFindingProbability(q.positive() == null ? null : scores.probabilities().get(q.positive()))
                    .setGeneratedTokens(0).setTruncated(false);
            return new Mapped(answer.build(), scores.routing(), modelMs(scores.timings()));
        }
        GeneratedAnswer generated = (GeneratedAnswer) result;
        answer.setAnswer(generated.text()).setCandidates(List.of()).setFinding(null).setFindingProbability(null)
                .setGeneratedTokens(generated.tokens().length).setTruncated(!generated.stoppedAtEos());
        return new Mapped(answer.build(), generated.routing(), modelMs(generated.timings()));
    }

    /** Model time of the batch divided among its members: this request's share. */
    private static double modelMs(org.medmoe.model.Timings t) {
        return (t.visionMs() + t.prefillMs() + t.decodeMs()) / Math.max(1, t.batchSize());
    }
}
