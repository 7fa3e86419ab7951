package org.medmoe.model;

import java.util.Map;

/**
 * Provenance of a loaded model, for findings and logs.
 *
 * @param name manifest name
 * @param version manifest version
 * @param variant decoder variant
 * @param dtype arithmetic of the graphs
 * @param fileSha256 file name to SHA-256, as verified at load
 * @param executionProvider where the graphs run
 * @param runtimeVersion ONNX Runtime version
 */
public record ModelInfo(String name, String version, String variant, String dtype, Map<String, String> fileSha256,
        String executionProvider, String runtimeVersion) {
    public ModelInfo {
        fileSha256 = Map.copyOf(fileSha256);
    }
}
