package org.medmoe.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.FramePreparer;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.app.service.ServiceStartException;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.ModelException;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineException;
import org.medmoe.pipeline.PipelineLoader;
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
 * or the candidates' probabilities, modality probabilities, routing summary, timings). The image is
 * a PNG or JPEG file, or a DICOM Part-10 file decoded and pre-processed as the service does it
 * ({@link InferImage}).
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Answer one question about one PNG/JPEG image or DICOM file with the Med-MoE model and print JSON.")
public final class InferCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (model.json + ONNX files); default: the bundled tiny model.")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE",
            description = "PNG or JPEG image, or DICOM Part-10 file (recognised by content).")
    Path image;

    @Option(names = "--frame", paramLabel = "N",
            description = "0-based frame of a DICOM file; default: the first frame the pipeline's selection policy "
                    + "picks for the file's modality (0 without a pipeline file).")
    Integer frame;

    @Option(names = "--pipeline", paramLabel = "FILE",
            description = "Pipeline file whose selection policy picks a DICOM file's frame; default: "
                    + "topology/pipeline.yaml of the installation, when there.")
    Path pipeline;

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
        if (frame != null && frame < 0) {
            return fail("--frame must be 0 or more, got " + frame);
        }
        try (MedMoeModel loaded = MedMoeModel.load(ModelLocator.modelDir(model), runtimeConfig())) {
            FramePreparer frames = new FramePreparer(AnalysisWiring.dicomReader(), AnalysisWiring.windowPresets(),
                    loaded.preprocessor());
            InferImage.Prepared input = InferImage.read(image, frame, pipeline(), loaded, frames);
            Map<String, Object> report;
            if (candidates != null) {
                CandidateScores scores = loaded.scoreCandidates(input.tensor(), question, candidates);
                report = InferReport.of(loaded.info(), image, input, question, scores);
            } else {
                GeneratedAnswer answer = loaded.generate(input.tensor(), question, maxNewTokens);
                report = InferReport.of(loaded.info(), image, input, question, answer);
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(report));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (AnalysisException e) {
            return fail("DICOM file " + image + " cannot be analysed: " + e.reason() + " at " + e.stage() + ": "
                    + e.getMessage());
        } catch (ModelException | RuntimeStartException | ServiceStartException | PipelineException e) {
            return fail(e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("medmoe infer: " + message);
        spec.commandLine().getErr().flush();
        return EXIT_BAD_INPUT;
    }

    /** The pipeline file given, else the installation's when it exists, else none. */
    private Pipeline pipeline() {
        if (pipeline != null) {
            return PipelineLoader.load(pipeline);
        }
        Path bundled = AnalysisWiring.home().resolve("topology/pipeline.yaml");
        return Files.isRegularFile(bundled) ? PipelineLoader.load(bundled) : null;
    }

    private RuntimeConfig runtimeConfig() {
        List<ExecutionProvider> providers = provider == ExecutionProvider.CUDA
                ? List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU) : List.of(ExecutionProvider.CPU);
        return new RuntimeConfig(threads, 1, OptimizationLevel.ALL, providers, 0, 0, allowCpuFallback, false);
    }
}
