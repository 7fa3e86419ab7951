package org.medmoe.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.ModelException;
import org.medmoe.model.PixelTensor;
import org.medmoe.runtime.ExecutionProvider;
import org.medmoe.runtime.OptimizationLevel;
import org.medmoe.runtime.RuntimeConfig;
import org.medmoe.runtime.RuntimeStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe infer}: one image and one question through the model, printed as JSON (the answer
 * or the candidates' probabilities, modality probabilities, routing summary, timings).
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Answer one question about one PNG/JPEG image with the Med-MoE model and print JSON.")
public final class InferCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (model.json + ONNX files); default: the bundled tiny model.")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "PNG or JPEG image.")
    Path image;

    @Option(names = "--question", required = true, paramLabel = "TEXT", description = "The question.")
    String question;

    @Option(names = "--candidates", split = ",", paramLabel = "A,B,C",
            description = "Candidate answers to score instead of generating (comma-separated).")
    List<String> candidates;

    @Option(names = "--max-new-tokens", defaultValue = "32", paramLabel = "N",
            description = "Cap on generated tokens (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime intra-op threads, 0 = one per core (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--provider", defaultValue = "CPU", paramLabel = "CPU|CUDA",
            description = "Execution provider (default ${DEFAULT-VALUE}); CUDA needs the gpu build.")
    ExecutionProvider provider;

    @Option(names = "--allow-cpu-fallback", description = "Run on CPU when the requested provider is unavailable.")
    boolean allowCpuFallback;

    @Override
    public Integer call() throws JsonProcessingException {
        try (MedMoeModel loaded = MedMoeModel.load(ModelLocator.modelDir(model), runtimeConfig())) {
            long start = System.nanoTime();
            PixelTensor pixels = loaded.preprocessor().read(image);
            double preprocessMs = (System.nanoTime() - start) / 1e6;
            Map<String, Object> report;
            if (candidates != null) {
                CandidateScores scores = loaded.scoreCandidates(pixels, question, candidates);
                report = InferReport.of(loaded.info(), image, question, scores, preprocessMs);
            } else {
                GeneratedAnswer answer = loaded.generate(pixels, question, maxNewTokens);
                report = InferReport.of(loaded.info(), image, question, answer, preprocessMs);
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(report));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ModelException | RuntimeStartException | ServiceStartException e) {
            spec.commandLine().getErr().println("medmoe infer: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_BAD_INPUT;
        }
    }

    private RuntimeConfig runtimeConfig() {
        List<ExecutionProvider> providers = provider == ExecutionProvider.CUDA
                ? List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU) : List.of(ExecutionProvider.CPU);
        return new RuntimeConfig(threads, 1, OptimizationLevel.ALL, providers, 0, 0, allowCpuFallback, false);
    }
}
