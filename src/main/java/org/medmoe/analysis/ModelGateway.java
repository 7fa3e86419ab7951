package org.medmoe.analysis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.medmoe.model.CandidateQuestion;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.Question;
import org.medmoe.runtime.DynamicBatcher;

/**
 * The model behind two dynamic batchers, one for scored (closed) questions and one for generated
 * (open) answers: stream threads submit and wait, and concurrent requests, from one study or from
 * several stream threads, run as one batch. Owns the batchers; the model is owned by the caller.
 */
public final class ModelGateway implements AutoCloseable {
    private final MedMoeModel model;
    private final DynamicBatcher<CandidateQuestion, CandidateScores> closed;
    private final DynamicBatcher<Question, GeneratedAnswer> open;

    /**
     * @param maxBatch most requests per model call
     * @param maxWait longest a request waits for others to join
     * @param listener sees each batch (size, queue wait, run time)
     */
    public ModelGateway(MedMoeModel model, int maxBatch, Duration maxWait, DynamicBatcher.Listener listener) {
        this.model = model;
        this.closed = new DynamicBatcher<>("closed-questions", model::scoreCandidates, maxBatch, maxWait,
                1024, listener);
        this.open = new DynamicBatcher<>("open-questions", model::generate, maxBatch, maxWait, 1024, listener);
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
