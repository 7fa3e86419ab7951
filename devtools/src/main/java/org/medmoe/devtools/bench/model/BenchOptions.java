package org.medmoe.devtools.bench.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelBenchmark#run} measures.
 *
 * @param projectDir repository root (holds {@code tools/} and {@code models/tiny})
 * @param models model names: {@code tiny} (bundled), {@code mid} (generated, StableLM width, few layers),
 *     {@code stablelm-1.6b} and {@code phi2-2.7b} (generated at the released dimensions, measured by study)
 * @param batches batch sizes
 * @param threads intra-op threads for ONNX Runtime and {@code torch.set_num_threads}
 * @param newTokens decoding steps per answer (EOS does not stop the benchmark)
 * @param repeats measured runs per point (median), after one warm-up run
 * @param midLayers decoder layers of the generated mid model
 * @param cacheDir where the mid model is generated once and reused
 * @param torchEnvironment extra environment for the PyTorch process (e.g. an OpenBLAS library path)
 * @param withTorch false to skip the PyTorch side
 * @param questions questions per image for the prompt-set comparison (0 skips it)
 * @param study what the models of the released dimensions are measured with
 */
public record BenchOptions(Path projectDir, List<String> models, List<Integer> batches, int threads, int newTokens,
        int repeats, int midLayers, Path cacheDir, Map<String, String> torchEnvironment, boolean withTorch,
        int questions, Study study) {

    /**
     * The study benchmark of the released-dimension models.
     *
     * @param questions the prompt set one study asks of one image
     * @param dtypes the exports measured on the Java side
     * @param cacheDir where the models are generated once and kept
     * @param repeats measured studies per engine (median)
     */
    public record Study(List<StudyQuestion> questions, List<String> dtypes, Path cacheDir, int repeats) {
        public Study {
            questions = List.copyOf(questions);
            dtypes = List.copyOf(dtypes);
            if (repeats < 1) {
                throw new IllegalArgumentException("study repeats must be positive");
            }
            for (String dtype : dtypes) {
                if (!List.of("float32", "float16", "int8", "int4").contains(dtype)) {
                    throw new IllegalArgumentException("unknown dtype " + dtype + " (float32, float16, int8, int4)");
                }
            }
        }
    }

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
            if (!model.equals("tiny") && !model.equals("mid") && !StudyBench.MODELS.containsKey(model)) {
                throw new IllegalArgumentException("unknown benchmark model " + model
                        + " (tiny, mid, stablelm-1.6b or phi2-2.7b)");
            }
        }
        if (models.stream().anyMatch(StudyBench.MODELS::containsKey) && (study == null || study.questions().isEmpty())) {
            throw new IllegalArgumentException("the released-dimension models need a prompt set");
        }
    }
}

