package org.medmoe.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what the model directory holds and how to use it (see the model-runtime
 * documentation for every field). Read and validated by {@link ManifestReader}; immutable.
 *
 * @param format manifest format, {@code medmoe-onnx/1}
 * @param name model name
 * @param version model version
 * @param variant decoder variant ({@code phi2} or {@code stablelm})
 * @param dtype arithmetic of the graphs ({@code float32} or {@code float16})
 * @param image pre-processing
 * @param decoder decoder dimensions
 * @param moe mixture-of-experts layers
 * @param prompt prompt template and special tokens
 * @param files SHA-256 and size of every file in the directory
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String format, String name, String version, String variant, String dtype,
        Image image, Decoder decoder, Moe moe, Prompt prompt, Map<String, FileEntry> files) {

    /** Image pre-processing: resize, {@code crop} or {@code pad}, CLIP normalisation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(int size, int patchSize, int numImageTokens, String resize, String fit,
            List<Integer> padFill, List<Double> mean, List<Double> std) {
    }

    /** Decoder dimensions; {@code maxPositions} is the context length the service enforces. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Decoder(int hiddenSize, int numLayers, int numHeads, int headDim, int vocabSize,
            int maxPositions) {
    }

    /** MoE layers: {@code layers[j]} emits {@code router_logits.j}; labels name router classes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Moe(List<Integer> layers, int numExperts, int topK, List<String> routerLabels) {
    }

    /** Prompt template with {@code {question}} and the image token, and the special tokens. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prompt(String template, String imageToken, boolean addBos, String eosToken, int eosTokenId,
            String answerPrefix) {
    }

    /** One file's SHA-256 (hex) and size in bytes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String sha256, long bytes) {
    }
}
