package org.medmoe.runtime;

/** Where a graph runs. The order in {@link RuntimeConfig#providers()} is the order of preference. */
public enum ExecutionProvider {
    /** NVIDIA CUDA (needs the {@code gpu} build of ONNX Runtime and CUDA 12 + cuDNN 9 on the host). */
    CUDA,
    /** The default CPU provider; always available. */
    CPU
}
