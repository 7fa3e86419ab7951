package org.medmoe.devtools.bench.pipeline;

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
import org.medmoe.analysis.ModelGateway;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.model.MedMoeModel;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;

/**
 * The model side of {@code bench pipeline}: the prompt set's questions on each study's key image,
 * asked of the model behind the same batcher as the service uses, with as many studies in flight as
 * the service has stream threads. Each submitter thread takes the next study, asks all its questions
 * as one request (sharing the image's vision run and prompt prefix) and waits for the answers, as a
 * stream thread does. A window's images are pre-processed before it opens.
 *
 * <p>Owns its model and batcher (opened by the constructor, closed by {@link #close}).
 */
final class ModelAloneSide implements BenchSide {
    private final int threads;
    private final ExecutorService submitters;
    private final MedMoeModel model;
    private final ModelGateway gateway;
    private final Preprocessor pre;
    private final Pipeline.PromptSet prompts;
    private final BatchTally.Counter batches = new BatchTally.Counter();

    /**
     * @param settings the service settings; the model's (threads, batcher wait) apply here too
     * @param threads studies in flight
     * @param batch the batcher's largest batch
     */
    ModelAloneSide(Path modelDir, Map<String, String> settings, int threads, int batch) throws Exception {
        Map<String, String> values = new HashMap<>(settings);
        values.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        Config config = Config.of(values);
        Pipeline pipeline = PipelineLoader.load(AnalysisWiring.pipelineFile(config));
        this.threads = threads;
        this.prompts = pipeline.promptSetFor("CT").orElseThrow();
        this.model = MedMoeModel.load(modelDir, AnalysisWiring.runtimeConfig(config));
        try {
            this.gateway = new ModelGateway(model, batch,
                    Duration.ofMillis(config.longValue(ConfigKeys.MODEL_BATCH_MAX_WAIT_MS)), threads, batches);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.pre = model.preprocessor();
        this.submitters = Executors.newFixedThreadPool(threads);
    }

    @Override
    public WindowMeasure measure(List<SampleStudies.Sample> samples) throws Exception {
        List<PixelTensor> images = images(samples);
        BatchTally before = batches.tally();
        WindowMeasure.Start window = WindowMeasure.start();
        ask(images);
        return window.end(images.size(), batches.tally().meanSince(before));
    }

    private List<PixelTensor> images(List<SampleStudies.Sample> samples) throws Exception {
        List<PixelTensor> out = new ArrayList<>();
        for (SampleStudies.Sample s : samples) {
            out.add(pre.tensor(SampleStudies.readPng(s.keyImage())));
        }
        return out;
    }

    /** Every image's questions, {@code threads} images in flight; returns when all are answered. */
    private void ask(List<PixelTensor> images) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(submitters.submit(() -> {
                for (int j = next.getAndIncrement(); j < images.size(); j = next.getAndIncrement()) {
                    gateway.ask(images.get(j), prompts).join();
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    @Override
    public void close() {
        submitters.shutdownNow();
        try {
            gateway.close();
        } finally {
            model.close();
        }
    }
}
