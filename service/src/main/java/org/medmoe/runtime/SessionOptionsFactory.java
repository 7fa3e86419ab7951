package org.medmoe.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

/**
 * Turns a {@link RuntimeConfig} and the provider chosen at start-up into ONNX Runtime session
 * options. Stateless; the caller closes the options it gets.
 */
final class SessionOptionsFactory {
    /** ONNX Runtime's session config key that lets idle intra-op threads spin ("1") or sleep ("0"). */
    static final String SPINNING_KEY = "session.intra_op.allow_spinning";

    private final RuntimeConfig config;

    SessionOptionsFactory(RuntimeConfig config) {
        this.config = config;
    }

    /** New options for {@code provider} (CUDA adds the CUDA provider before the CPU one). */
    SessionOptions create(ExecutionProvider provider) throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setOptimizationLevel(optLevel(config.optimization()));
            options.addConfigEntry(SPINNING_KEY, config.intraOpSpinning() ? "1" : "0");
            if (provider == ExecutionProvider.CUDA) {
                try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(config.cudaDeviceId())) {
                    if (config.cudaMemoryLimitBytes() > 0) {
                        cuda.add("gpu_mem_limit", Long.toString(config.cudaMemoryLimitBytes()));
                    }
                    options.addCUDA(cuda);
                }
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static OptLevel optLevel(OptimizationLevel level) {
        return switch (level) {
            case NONE -> OptLevel.NO_OPT;
            case BASIC -> OptLevel.BASIC_OPT;
            case EXTENDED -> OptLevel.EXTENDED_OPT;
            case ALL -> OptLevel.ALL_OPT;
        };
    }
}
