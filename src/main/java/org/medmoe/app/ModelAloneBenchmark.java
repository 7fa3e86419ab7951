package org.medmoe.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.analysis.ModelGateway;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.model.ImagePreprocessor;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.PixelTensor;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;

/**
 * The model side of {@code medmoe bench pipeline}: the prompt set's questions on each study's key
 * image, asked of the model behind the same batcher as the service uses, with as many studies in
 * flight as the service has stream threads. Each submitter thread takes the next study, asks all its
 * questions as one request (sharing the image's vision run and prompt prefix) and waits for the
 * answers, as a stream thread does. Images are pre-processed
 * before the window (the warm-up's a thousand at a time); the warm-up studies go through the same
 * path first.
 */
final class ModelAloneBenchmark {
    private static final int WARMUP_CHUNK = 1000;

    private final Path modelDir;
    private final Map<String, String> settings;
    private final int threads;

    /** @param settings the service settings; the batcher's wait applies here too */
    ModelAloneBenchmark(Path modelDir, Map<String, String> settings, int threads) {
        this.modelDir = modelDir;
        this.settings = Map.copyOf(settings);
        this.threads = threads;
    }

    /** Asks {@code warmup}'s questions, then measures {@code measured}'s. */
    WindowMeasure run(List<DemoStudies.Sample> warmup, List<DemoStudies.Sample> measured, int batch)
            throws Exception {
        Map<String, String> values = new HashMap<>(settings);
        values.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        Config config = Config.of(values);
        Pipeline pipeline = PipelineLoader.load(AnalysisWiring.pipelineFile(config));
        ExecutorService submitters = Executors.newFixedThreadPool(threads);
        try (MedMoeModel model = MedMoeModel.load(modelDir, AnalysisWiring.runtimeConfig(config));
                ModelGateway gateway = new ModelGateway(model, batch,
                        Duration.ofMillis(config.longValue(ConfigKeys.MODEL_BATCH_MAX_WAIT_MS)), threads,
                        AnalysisMetrics.NONE)) {
            Preprocessor pre = new Preprocessor(ImagePreprocessor.spec(model.manifest()));
            Pipeline.PromptSet prompts = pipeline.promptSetFor("CT").orElseThrow();
            // Pre-processed a chunk at a time, so that a long warm-up does not hold every image at once.
            for (int from = 0; from < warmup.size(); from += WARMUP_CHUNK) {
                ask(submitters, gateway, prompts,
                        images(pre, warmup.subList(from, Math.min(warmup.size(), from + WARMUP_CHUNK))));
            }
            List<PixelTensor> measuredImages = images(pre, measured);
            double jit0 = WindowMeasure.jitSeconds();
            long cpu0 = WindowMeasure.cpuNanos();
            long t0 = System.nanoTime();
            ask(submitters, gateway, prompts, measuredImages);
            return WindowMeasure.since(t0, cpu0, jit0, measuredImages.size());
        } finally {
            submitters.shutdownNow();
        }
    }

    private static List<PixelTensor> images(Preprocessor pre, List<DemoStudies.Sample> samples) throws Exception {
        int size = pre.spec().size();
        List<PixelTensor> out = new ArrayList<>();
        for (DemoStudies.Sample s : samples) {
            out.add(new PixelTensor(pre.apply(DemoStudies.readPng(s.keyImage())), 3, size, size));
        }
        return out;
    }

    /** Every image's questions, {@code threads} images in flight; returns when all are answered. */
    private void ask(ExecutorService submitters, ModelGateway gateway, Pipeline.PromptSet prompts,
            List<PixelTensor> images) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(submitters.submit(() -> {
                for (int j = next.getAndIncrement(); j < images.size(); j = next.getAndIncrement()) {
                    askOne(gateway, prompts, images.get(j));
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    /** One image's questions as one request, as the service asks them. */
    private static void askOne(ModelGateway gateway, Pipeline.PromptSet prompts, PixelTensor image) {
        gateway.ask(image, prompts).join();
    }
}
