package org.medmoe.runtime;

import java.util.List;

/**
 * Session options and execution providers for an {@link OrtRuntime}.
 *
 * @param intraOpThreads threads inside one operator (0: ONNX Runtime's default, one per core)
 * @param interOpThreads threads across independent operators (0: default)
 * @param optimization graph optimisation level
 * @param providers providers in order of preference; CPU is always appended when missing
 * @param cudaDeviceId CUDA device ordinal, used when {@code providers} names CUDA
 * @param cudaMemoryLimitBytes CUDA arena limit in bytes (0: no limit)
 * @param allowCpuFallback when a requested provider is unavailable: true runs on CPU (logged at
 *     WARN), false fails start-up
 * @param intraOpSpinning whether idle intra-op threads spin waiting for work (ONNX Runtime's own
 *     default) instead of sleeping: a little less latency on cores of its own, CPU taken from
 *     everything else (stream threads, Kafka clients) on shared ones
 */
public record RuntimeConfig(int intraOpThreads, int interOpThreads, OptimizationLevel optimization,
        List<ExecutionProvider> providers, int cudaDeviceId, long cudaMemoryLimitBytes,
        boolean allowCpuFallback, boolean intraOpSpinning) {

    /** As the canonical constructor, with idle intra-op threads sleeping instead of spinning. */
    public RuntimeConfig(int intraOpThreads, int interOpThreads, OptimizationLevel optimization,
            List<ExecutionProvider> providers, int cudaDeviceId, long cudaMemoryLimitBytes, boolean allowCpuFallback) {
        this(intraOpThreads, interOpThreads, optimization, providers, cudaDeviceId, cudaMemoryLimitBytes,
                allowCpuFallback, false);
    }

    /** Validates every field; the message names the offending one. */
    public RuntimeConfig {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be >= 0, got " + interOpThreads);
        }
        if (optimization == null) {
            throw new IllegalArgumentException("optimization must be set");
        }
        if (providers == null || providers.isEmpty()) {
            throw new IllegalArgumentException("providers must name at least one execution provider");
        }
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be >= 0, got " + cudaDeviceId);
        }
        if (cudaMemoryLimitBytes < 0) {
            throw new IllegalArgumentException("cudaMemoryLimitBytes must be >= 0, got " + cudaMemoryLimitBytes);
        }
        providers = List.copyOf(providers);
    }

    /** CPU only, {@code threads} intra-op threads (0: one per core), all optimisations, no spinning. */
    public static RuntimeConfig cpu(int threads) {
        return new RuntimeConfig(threads, 1, OptimizationLevel.ALL, List.of(ExecutionProvider.CPU), 0, 0, false,
                false);
    }

    /** CUDA on {@code deviceId}, then CPU; {@code allowCpuFallback} as described above. */
    public static RuntimeConfig cuda(int deviceId, long memoryLimitBytes, boolean allowCpuFallback) {
        return new RuntimeConfig(0, 1, OptimizationLevel.ALL,
                List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU), deviceId, memoryLimitBytes, allowCpuFallback,
                false);
    }

    /** True when the configuration asks for CUDA. */
    public boolean wantsCuda() {
        return providers.contains(ExecutionProvider.CUDA);
    }
}
