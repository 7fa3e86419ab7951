package org.medmoe.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.model.CandidateQuestion;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.Question;
import org.medmoe.model.SharedAnswers;
import org.medmoe.model.Timings;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.runtime.DynamicBatcher;

/**
 * The model behind a dynamic batcher of images: a stream thread submits one image with all its
 * questions (closed and open) and waits; concurrent images, from one study or from several stream
 * threads, run as one {@link MedMoeModel#answer} call, in which each image's vision run and prompt
 * prefix are shared by its questions. Owns the batcher; the model is owned by the caller. Each batch
 * is reported to the {@link AnalysisMetrics}: its size (images) and queue wait, the model's stage
 * times (once per batch) and the expert routing of every answer in it.
 */
public final class ModelGateway implements AutoCloseable {
    static final String BATCHER = "images";

    private final MedMoeModel model;
    private final AnalysisMetrics metrics;
    private final DynamicBatcher<ImageQuestions, SharedAnswers> images;

    /** One image's questions; every question carries the same image. */
    private record ImageQuestions(List<CandidateQuestion> closed, List<Question> open) {
    }

    /**
     * @param maxBatch most images per model call
     * @param maxWait longest an image waits for others to join
     * @param submitters stream threads that submit (each submits its study's images, then waits): once
     *     all of them have an image in the batch it runs without waiting further (0: unknown, always wait)
     * @param metrics sees each batch, its stage times and routing ({@link AnalysisMetrics#NONE} for none)
     */
    public ModelGateway(MedMoeModel model, int maxBatch, Duration maxWait, int submitters, AnalysisMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.images = new DynamicBatcher<>(BATCHER, this::run, maxBatch, maxWait, submitters, 1024,
                (size, wait, run) -> metrics.batch(BATCHER, size, wait, run));
    }

    /** One model call for a batch of images; each request gets its own answers back, in order. */
    private List<SharedAnswers> run(List<ImageQuestions> batch) {
        List<CandidateQuestion> closed = new ArrayList<>();
        List<Question> open = new ArrayList<>();
        for (ImageQuestions request : batch) {
            closed.addAll(request.closed());
            open.addAll(request.open());
        }
        SharedAnswers all = model.answer(closed, open);
        observe(all);
        List<SharedAnswers> out = new ArrayList<>(batch.size());
        int c = 0;
        int o = 0;
        for (ImageQuestions request : batch) {
            out.add(new SharedAnswers(all.closed().subList(c, c + request.closed().size()),
                    all.open().subList(o, o + request.open().size())));
            c += request.closed().size();
            o += request.open().size();
        }
        return out;
    }

    /** Reports one call's stage times (every answer carries the call's) and each answer's routing. */
    private void observe(SharedAnswers all) {
        Timings t = all.closed().isEmpty() ? all.open().get(0).timings() : all.closed().get(0).timings();
        metrics.stage(PipelineStage.MODEL_VISION, nanos(t.visionMs()));
        metrics.stage(PipelineStage.MODEL_PREFILL, nanos(t.prefillMs()));
        metrics.stage(PipelineStage.MODEL_DECODE, nanos(t.decodeMs()));
        for (CandidateScores s : all.closed()) {
            metrics.routed(s.routing());
        }
        for (GeneratedAnswer a : all.open()) {
            metrics.routed(a.routing());
        }
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    public MedMoeModel model() {
        return model;
    }

    /**
     * Queues one image's questions (each carries the same image; at least one question); the future
     * completes with their answers, in order, or with the batch's error.
     */
    public CompletableFuture<SharedAnswers> ask(List<CandidateQuestion> closed, List<Question> open) {
        if (closed.isEmpty() && open.isEmpty()) {
            throw new IllegalArgumentException("an image request needs at least one question");
        }
        Object image = closed.isEmpty() ? open.get(0).image() : closed.get(0).image();
        if (closed.stream().anyMatch(q -> q.image() != image) || open.stream().anyMatch(q -> q.image() != image)) {
            throw new IllegalArgumentException("the questions of one request must carry the same image");
        }
        return images.submit(new ImageQuestions(List.copyOf(closed), List.copyOf(open)));
    }

    /** Queues {@code prompts}' questions about {@code image} as one request (see {@link #ask(List, List)}). */
    public CompletableFuture<SharedAnswers> ask(PixelTensor image, Pipeline.PromptSet prompts) {
        List<CandidateQuestion> closed = new ArrayList<>();
        List<Question> open = new ArrayList<>();
        for (Pipeline.Question q : prompts.questions()) {
            if (q.kind() == Pipeline.Kind.CLOSED) {
                closed.add(new CandidateQuestion(image, q.text(), q.candidates()));
            } else {
                open.add(new Question(image, q.text(), q.maxNewTokens()));
            }
        }
        return ask(closed, open);
    }

    @Override
    public void close() {
        images.close();
    }
}
