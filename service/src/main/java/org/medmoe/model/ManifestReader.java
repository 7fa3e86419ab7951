package org.medmoe.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code model.json} and checks every field the runtime relies on. Stateless. */
final class ManifestReader {
    static final String FILE = "model.json";
    static final String FORMAT = "medmoe-onnx/2";
    private static final List<String> DTYPES = List.of("float32", "float16", "int8", "int4");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestReader() {
    }

    /**
     * The manifest of {@code dir}.
     *
     * @throws ModelLoadException the file is missing, not JSON, or a field is missing or invalid
     *     (the message names the key)
     */
    static ModelManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        ModelManifest m;
        try {
            m = JSON.readValue(Files.readString(file), ModelManifest.class);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model directory " + dir + " has no " + FILE, e);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file + " is not a valid manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException(file + " could not be read: " + e.getMessage(), e);
        }
        validate(file, m);
        return m;
    }

    static void validate(Path file, ModelManifest m) {
        require(file, FORMAT.equals(m.format()), "format", "must be " + FORMAT + ", got " + m.format()
                + (m.format() != null && m.format().startsWith("medmoe-onnx/") ? " (export the model again with this "
                + "version's tools/export_onnx.py: the decoder's inputs changed)" : ""));
        require(file, DTYPES.contains(m.dtype()), "dtype", "must be one of " + DTYPES + ", got " + m.dtype());
        boolean quantized = "int8".equals(m.dtype()) || "int4".equals(m.dtype());
        require(file, quantized == (m.quantization() != null), "quantization",
                quantized ? "is missing for dtype " + m.dtype() : "is only for int8/int4 models");
        require(file, !quantized || m.quantization().bits() == ("int8".equals(m.dtype()) ? 8 : 4),
                "quantization.bits", "does not match dtype " + m.dtype());
        require(file, m.image() != null, "image", "is missing");
        require(file, m.decoder() != null, "decoder", "is missing");
        require(file, m.moe() != null, "moe", "is missing");
        require(file, m.prompt() != null, "prompt", "is missing");
        require(file, m.files() != null && !m.files().isEmpty(), "files", "must list the model's files");
        ModelManifest.Image img = m.image();
        require(file, img.size() > 0, "image.size", "must be positive");
        require(file, img.numImageTokens() > 0, "image.numImageTokens", "must be positive");
        require(file, "crop".equals(img.fit()) || "pad".equals(img.fit()), "image.fit", "must be crop or pad");
        require(file, triple(img.mean()), "image.mean", "must have 3 values");
        require(file, triple(img.std()), "image.std", "must have 3 values");
        require(file, !"pad".equals(img.fit()) || triple(img.padFill()), "image.padFill", "must have 3 values");
        ModelManifest.Decoder d = m.decoder();
        require(file, d.hiddenSize() > 0, "decoder.hiddenSize", "must be positive");
        require(file, d.numLayers() > 0, "decoder.numLayers", "must be positive");
        require(file, d.numHeads() > 0 && d.headDim() > 0, "decoder.numHeads/headDim", "must be positive");
        require(file, d.vocabSize() > 0, "decoder.vocabSize", "must be positive");
        require(file, d.maxPositions() > img.numImageTokens(), "decoder.maxPositions",
                "must exceed image.numImageTokens");
        ModelManifest.Moe moe = m.moe();
        require(file, moe.layers() != null && !moe.layers().isEmpty(), "moe.layers", "must list the MoE layers");
        require(file, moe.layers().stream().allMatch(l -> l >= 0 && l < d.numLayers()), "moe.layers",
                "must be decoder layer indices below " + d.numLayers());
        require(file, moe.topK() == 1 || moe.topK() == 2, "moe.topK", "must be 1 or 2");
        require(file, moe.routerLabels() != null && moe.routerLabels().size() == moe.numExperts(),
                "moe.routerLabels", "must name all " + moe.numExperts() + " router classes");
        ModelManifest.Prompt p = m.prompt();
        require(file, p.template() != null && p.imageToken() != null, "prompt.template", "is missing");
        require(file, count(p.template(), p.imageToken()) == 1, "prompt.template",
                "must contain " + p.imageToken() + " exactly once");
        require(file, p.template().contains("{question}"), "prompt.template", "must contain {question}");
        require(file, !p.addBos(), "prompt.addBos", "true is not supported (the released templates add no BOS)");
        require(file, p.eosTokenId() >= 0 && p.eosTokenId() < d.vocabSize(), "prompt.eosTokenId",
                "must be a token id below decoder.vocabSize");
        require(file, p.answerPrefix() != null, "prompt.answerPrefix", "is missing");
        validateTokenizer(file, m);
    }

    /** {@code tokenizer}: absent, or a known kind whose files are listed, named as it needs, and hashed. */
    private static void validateTokenizer(Path file, ModelManifest m) {
        ModelManifest.Tokenizer t = m.tokenizer();
        if (t == null) {
            return;
        }
        require(file, t.kind() != null && TokenizerKind.isKnown(t.kind()), "tokenizer.kind",
                "must be tokenizer.json, bpe or tiktoken, got " + t.kind());
        require(file, t.files() != null && !t.files().isEmpty(), "tokenizer.files", "must list the tokenizer's files");
        for (String name : t.files()) {
            require(file, name != null && !name.isEmpty() && !name.contains("/") && !name.contains("\\")
                    && !name.startsWith("."), "tokenizer.files", "must be file names in the model directory, got "
                    + name);
            require(file, m.files().containsKey(name), "tokenizer.files",
                    "lists " + name + ", which files does not (every tokenizer file needs its SHA-256)");
        }
        switch (TokenizerKind.of(t.kind())) {
            case TOKENIZER_JSON -> require(file, t.files().contains(TokenizerKind.TOKENIZER_JSON.fileName()),
                    "tokenizer.files", "must list tokenizer.json for kind tokenizer.json");
            case BPE -> require(file, t.files().contains(TokenizerKind.VOCAB) && t.files().contains(TokenizerKind.MERGES),
                    "tokenizer.files", "must list vocab.json and merges.txt for kind bpe");
            case TIKTOKEN -> require(file, t.files().stream().filter(f -> f.endsWith(TokenizerKind.TIKTOKEN_SUFFIX))
                    .count() == 1, "tokenizer.files", "must list exactly one *.tiktoken file for kind tiktoken");
        }
    }

    private static boolean triple(List<?> values) {
        return values != null && values.size() == 3;
    }

    private static int count(String text, String token) {
        int n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }

    private static void require(Path file, boolean ok, String key, String problem) {
        if (!ok) {
            throw new ModelLoadException(file + ": " + key + " " + problem);
        }
    }
}
