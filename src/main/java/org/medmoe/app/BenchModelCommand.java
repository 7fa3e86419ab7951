package org.medmoe.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.model.ModelException;
import org.medmoe.model.bench.BenchOptions;
import org.medmoe.model.bench.BenchmarkException;
import org.medmoe.model.bench.ModelBenchmark;
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
            description = "tiny and/or mid (StableLM width 2048, generated once) (default ${DEFAULT-VALUE}).")
    List<String> models;

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
                    cache, env, !noTorch, questions));
            return 0;
        } catch (BenchmarkException | ModelException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("medmoe bench model: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
