package org.medmoe.devtools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.app.cli.ModelLocator;
import org.medmoe.devtools.bench.model.BenchOptions;
import org.medmoe.devtools.bench.model.BenchmarkException;
import org.medmoe.devtools.bench.model.ModelBenchmark;
import org.medmoe.devtools.bench.model.StudyQuestion;
import org.medmoe.model.ModelException;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineException;
import org.medmoe.pipeline.PipelineLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe bench model}: the Java runtime against PyTorch eager on the same weights, threads
 * and machine, for batch sizes 1, 4 and 8, on the bundled tiny model and a generated mid model.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Model inference times and answers/s, Java (ONNX Runtime) beside PyTorch eager.")
public final class BenchModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", split = ",", defaultValue = "tiny,mid",
            description = "tiny, mid (StableLM width 2048, 2 layers), stablelm-1.6b and phi2-2.7b (the released "
                    + "dimensions, random weights); the generated ones are made once (default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--dtypes", split = ",", defaultValue = "float32,int8,int4",
            description = "Exports of the released-dimension models measured in Java (default ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Option(names = "--study-repeats", defaultValue = "2",
            description = "Measured studies per engine on the released-dimension models (default ${DEFAULT-VALUE}).")
    int studyRepeats;

    @Option(names = "--prompt-set", defaultValue = "core",
            description = "Prompt set of topology/pipeline.yaml one study asks (default ${DEFAULT-VALUE}).")
    String promptSet;

    @Option(names = "--models-dir",
            description = "Where the released-dimension models are generated and kept "
                    + "(default: $XDG_CACHE_HOME/medmoe/bench-models or ~/.cache/medmoe/bench-models).")
    Path modelsDir;

    @Option(names = "--batches", split = ",", defaultValue = "1,4,8", description = "Batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--threads", defaultValue = "0",
            description = "Threads for both engines, 0 = all cores (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--new-tokens", defaultValue = "16", description = "Decoding steps per answer (default ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Measured runs per point, median (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--mid-layers", defaultValue = "2", description = "Decoder layers of the mid model (default ${DEFAULT-VALUE}).")
    int midLayers;

    @Option(names = "--cache-dir", description = "Where the mid model is generated (default: target/bench-models).")
    Path cacheDir;

    @Option(names = "--torch-library-path",
            description = "LD_LIBRARY_PATH for the PyTorch process only (e.g. an OpenBLAS folder).")
    String torchLibraryPath;

    @Option(names = "--questions", defaultValue = "3",
            description = "Questions per image for the prompt-set rows, 0 to skip them (default ${DEFAULT-VALUE}).")
    int questions;

    @Option(names = "--no-torch", description = "Measure the Java side only.")
    boolean noTorch;

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty(ModelLocator.HOME_PROPERTY, "")).toAbsolutePath();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Map<String, String> env = new HashMap<>();
        env.put("OMP_NUM_THREADS", Integer.toString(n));
        env.put("OPENBLAS_NUM_THREADS", Integer.toString(n));
        if (torchLibraryPath != null) {
            env.put("LD_LIBRARY_PATH", torchLibraryPath);
        }
        Path cache = cacheDir != null ? cacheDir : home.resolve("target").resolve("bench-models");
        try {
            ModelBenchmark.run(System.out, new BenchOptions(home, models, batches, n, newTokens, repeats, midLayers,
                    cache, env, !noTorch, questions, study(home)));
            return 0;
        } catch (BenchmarkException | ModelException | PipelineException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("medmoe bench model: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** The released-dimension study: the prompt set from the installation's pipeline file. */
    private BenchOptions.Study study(Path home) {
        List<StudyQuestion> asked = new ArrayList<>();
        if (models.stream().anyMatch(m -> !m.equals("tiny") && !m.equals("mid"))) {
            Pipeline pipeline = PipelineLoader.load(home.resolve("topology").resolve("pipeline.yaml"));
            Pipeline.PromptSet set = pipeline.promptSets().stream().filter(p -> p.id().equals(promptSet)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no prompt set " + promptSet + " in "
                            + "topology/pipeline.yaml"));
            for (Pipeline.Question q : set.questions()) {
                asked.add(new StudyQuestion(q.text(), q.candidates() == null ? List.of() : q.candidates(),
                        q.maxNewTokens()));
            }
        }
        Path dir = modelsDir != null ? modelsDir : defaultModelsDir();
        return new BenchOptions.Study(asked, dtypes, dir, studyRepeats);
    }

    private static Path defaultModelsDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("medmoe").resolve("bench-models");
    }
}
