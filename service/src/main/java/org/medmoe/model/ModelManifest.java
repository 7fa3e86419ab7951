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
 * @param dtype weights of the graphs: {@code float32}, {@code float16}, or {@code int8} / {@code int4}
 *     (weight-only, float32 arithmetic; see {@code quantization})
 * @param image pre-processing
 * @param decoder decoder dimensions
 * @param moe mixture-of-experts layers
 * @param prompt prompt template and special tokens
 * @param tokenizer the tokenizer's kind, files and size (absent in older manifests: {@code tokenizer.json})
 * @param quantization weight quantization of {@code int8} / {@code int4} models, else null
 * @param files SHA-256 and size of every file in the directory
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String format, String name, String version, String variant, String dtype,
        Image image, Decoder decoder, Moe moe, Prompt prompt, Tokenizer tokenizer, Quantization quantization,
        Map<String, FileEntry> files) {

    /** The tokenizer's kind: {@code tokenizer.kind}, or {@code tokenizer.json} when there is no tokenizer object. */
    public String tokenizerKind() {
        return tokenizer == null || tokenizer.kind() == null ? Tokenizer.DEFAULT_KIND : tokenizer.kind();
    }

    /** The tokenizer's files: {@code tokenizer.files}, or {@code tokenizer.json} when there is no tokenizer object. */
    public List<String> tokenizerFiles() {
        return tokenizer == null || tokenizer.files() == null ? List.of(Tokenizer.DEFAULT_KIND) : tokenizer.files();
    }

    /** Image pre-processing: resize, {@code crop} or {@code pad}, CLIP normalisation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(int size, int patchSize, int numImageTokens, String resize, String fit,
            List<Integer> padFill, List<Double> mean, List<Double> std) {
    }

    /**
     * Decoder dimensions; {@code maxPositions} is the context length the service enforces;
     * {@code intermediateSize} is the FFN width (0 in manifests that predate it).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Decoder(int hiddenSize, int numLayers, int numHeads, int headDim, int vocabSize,
            int maxPositions, int intermediateSize) {
    }

    /**
     * MoE layers: {@code layers[j]} emits {@code router_logits.j}; labels name router classes;
     * {@code useResidual} says the layers mix a dense MLP in (DeepSpeed's Residual MoE).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Moe(List<Integer> layers, int numExperts, int topK, List<String> routerLabels, boolean useResidual) {
    }

    /**
     * The tokenizer: {@code kind} ({@code tokenizer.json}, {@code bpe} for GPT-2/CodeGen
     * {@code vocab.json} + {@code merges.txt} and their added-token files, or {@code tiktoken} for one
     * {@code *.tiktoken} file with Arcade100k's pattern and special tokens), its files (each also in
     * the manifest's {@code files}), and {@code size}, the ids it can produce (0: the whole vocabulary).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tokenizer(String kind, List<String> files, int size) {
        /** The kind of a manifest without a tokenizer object, also its one file. */
        public static final String DEFAULT_KIND = "tokenizer.json";
    }

    /** Weight-only quantization ({@code com.microsoft.MatMulNBits}): bits, block size, accuracy level. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quantization(int bits, int blockSize, int accuracyLevel) {
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
