package org.medmoe.devtools.bench.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.model.FixedLengthAnswers;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.Question;
import org.medmoe.model.Timings;
import org.medmoe.runtime.RuntimeConfig;

/** Times the model's answers ({@link FixedLengthAnswers}) on random images, as {@code tools/bench_torch.py} does. Not thread-safe. */
final class JavaEngine implements AutoCloseable {
    static final String QUESTION = "Is there an abnormality?";
    private final MedMoeModel model;

    JavaEngine(Path dir, int threads) {
        this.model = MedMoeModel.load(dir, RuntimeConfig.cpu(threads));
    }

    String runtimeVersion() {
        return model.info().runtimeVersion();
    }

    StageTimes measure(int batch, int newTokens, int repeats) {
        List<Question> questions = new ArrayList<>();
        for (PixelTensor image : randomImages(batch)) {
            questions.add(new Question(image, QUESTION, newTokens + 1));
        }
        FixedLengthAnswers.generate(model, warmUp(questions));
        return medianOf(repeats, () -> FixedLengthAnswers.generate(model, questions).get(0).timings(), batch, newTokens);
    }

    /**
     * {@link MedMoeModel#answer} with {@code questions} open questions about each of {@code images}
     * images: each image's vision run and prompt prefix shared by its questions, as the service asks.
     */
    StageTimes measurePromptSet(int images, int questions, int newTokens, int repeats) {
        List<Question> asked = new ArrayList<>();
        for (PixelTensor image : randomImages(images)) {
            for (int q = 0; q < questions; q++) {
                asked.add(new Question(image, QUESTION, newTokens + 1));
            }
        }
        FixedLengthAnswers.answer(model, List.of(), warmUp(asked));
        return medianOf(repeats, () -> FixedLengthAnswers.answer(model, List.of(), asked).open().get(0).timings(),
                asked.size(), newTokens);
    }

    /** Median stage times of {@code repeats} measured runs, each giving its batch's timings. */
    private static StageTimes medianOf(int repeats, Supplier<Timings> run, int answers, int newTokens) {
        double[] vision = new double[repeats];
        double[] prefill = new double[repeats];
        double[] decode = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            Timings t = run.get();
            vision[r] = t.visionMs();
            prefill[r] = t.prefillMs();
            decode[r] = t.decodePerStepMs();
        }
        return StageTimes.of(median(vision), median(prefill), median(decode), answers, newTokens);
    }

    /** Seeded Gaussian pixels, as {@code tools/bench_torch.py} uses (the values differ; the shapes match). */
    private List<PixelTensor> randomImages(int count) {
        int size = model.manifest().image().size();
        Random random = new Random(0);
        List<PixelTensor> images = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] pixels = new float[3 * size * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            images.add(new PixelTensor(pixels, 3, size, size));
        }
        return images;
    }

    private static List<Question> warmUp(List<Question> questions) {
        return questions.stream().map(q -> new Question(q.image(), q.text(), 3)).toList();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public void close() {
        model.close();
    }
}
