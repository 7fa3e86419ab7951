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
    static final String FORMAT = "medmoe-onnx/1";
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
        require(file, FORMAT.equals(m.format()), "format", "must be " + FORMAT + ", got " + m.format());
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
