package org.medmoe.analysis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.medmoe.model.CandidateQuestion;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.Question;
import org.medmoe.model.Routing;
import org.medmoe.model.Timings;
import org.medmoe.runtime.DynamicBatcher;

/**
 * The model behind two dynamic batchers, one for scored (closed) questions and one for generated
 * (open) answers: stream threads submit and wait, and concurrent requests, from one study or from
 * several stream threads, run as one batch. Owns the batchers; the model is owned by the caller.
 * Each batch is reported to the {@link AnalysisMetrics}: its size and queue wait, the model's stage
 * times (once per batch) and the expert routing of every request in it.
 */
public final class ModelGateway implements AutoCloseable {
    static final String CLOSED = "closed-questions";
    static final String OPEN = "open-questions";

    private final MedMoeModel model;
    private final AnalysisMetrics metrics;
    private final DynamicBatcher<CandidateQuestion, CandidateScores> closed;
    private final DynamicBatcher<Question, GeneratedAnswer> open;

    /**
     * @param maxBatch most requests per model call
     * @param maxWait longest a request waits for others to join
     * @param metrics sees each batch, its stage times and routing ({@link AnalysisMetrics#NONE} for none)
     */
    public ModelGateway(MedMoeModel model, int maxBatch, Duration maxWait, AnalysisMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.closed = new DynamicBatcher<>(CLOSED, batch -> observed(model.scoreCandidates(batch),
                CandidateScores::timings, CandidateScores::routing), maxBatch, maxWait, 1024,
                (size, wait, run) -> metrics.batch(CLOSED, size, wait, run));
        this.open = new DynamicBatcher<>(OPEN, batch -> observed(model.generate(batch), GeneratedAnswer::timings,
                GeneratedAnswer::routing), maxBatch, maxWait, 1024, (size, wait, run) -> metrics.batch(OPEN, size,
                wait, run));
    }

    /** Reports one batch's stage times (every result carries the batch's) and each result's routing. */
    private <O> List<O> observed(List<O> results, Function<O, Timings> timings, Function<O, Routing> routing) {
        if (!results.isEmpty()) {
            Timings t = timings.apply(results.get(0));
            metrics.stage(PipelineStage.MODEL_VISION, nanos(t.visionMs()));
            metrics.stage(PipelineStage.MODEL_PREFILL, nanos(t.prefillMs()));
            metrics.stage(PipelineStage.MODEL_DECODE, nanos(t.decodeMs()));
        }
        for (O result : results) {
            metrics.routed(routing.apply(result));
        }
        return results;
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    public MedMoeModel model() {
        return model;
    }

    public CompletableFuture<CandidateScores> score(CandidateQuestion question) {
        return closed.submit(question);
    }

    public CompletableFuture<GeneratedAnswer> generate(Question question) {
        return open.submit(question);
    }

    @Override
    public void close() {
        closed.close();
        open.close();
    }
}
