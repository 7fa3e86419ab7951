package org.medmoe.model.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelBenchmark#run} measures.
 *
 * @param projectDir repository root (holds {@code tools/} and {@code models/tiny})
 * @param models model names: {@code tiny} (bundled) and/or {@code mid} (generated, StableLM width)
 * @param batches batch sizes
 * @param threads intra-op threads for ONNX Runtime and {@code torch.set_num_threads}
 * @param newTokens decoding steps per answer (EOS does not stop the benchmark)
 * @param repeats measured runs per point (median), after one warm-up run
 * @param midLayers decoder layers of the generated mid model
 * @param cacheDir where the mid model is generated once and reused
 * @param torchEnvironment extra environment for the PyTorch process (e.g. an OpenBLAS library path)
 * @param withTorch false to skip the PyTorch side
 * @param questions questions per image for the prompt-set comparison (0 skips it)
 */
public record BenchOptions(Path projectDir, List<String> models, List<Integer> batches, int threads, int newTokens,
        int repeats, int midLayers, Path cacheDir, Map<String, String> torchEnvironment, boolean withTorch,
        int questions) {
    public BenchOptions {
        models = List.copyOf(models);
        batches = List.copyOf(batches);
        torchEnvironment = Map.copyOf(torchEnvironment);
        if (threads < 1 || newTokens < 1 || repeats < 1 || midLayers < 1) {
            throw new IllegalArgumentException("threads, newTokens, repeats and midLayers must be positive");
        }
        if (questions < 0) {
            throw new IllegalArgumentException("questions must not be negative");
        }
        for (String model : models) {
            if (!model.equals("tiny") && !model.equals("mid")) {
                throw new IllegalArgumentException("unknown benchmark model " + model + " (tiny or mid)");
            }
        }
    }
}
