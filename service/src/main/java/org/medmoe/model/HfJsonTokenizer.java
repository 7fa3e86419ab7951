package org.medmoe.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A Hugging Face {@code tokenizer.json}, loaded offline with DJL's tokenizers library. Never adds
 * special tokens (the prompt builder decides about them). Thread-safe (the native tokenizer is
 * immutable after loading); closed by the {@link MedMoeModel} that owns it.
 */
final class HfJsonTokenizer implements PromptTokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final int size;

    private HfJsonTokenizer(HuggingFaceTokenizer tokenizer, int size) {
        this.tokenizer = tokenizer;
        this.size = size;
    }

    /** @throws ModelLoadException the file is missing or not a tokenizer */
    static HfJsonTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("tokenizer file " + file + " is missing");
        }
        int size = size(file);
        try {
            return new HfJsonTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build(), size);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("tokenizer " + file + " could not be loaded: " + e.getMessage(), e);
        }
    }

    /** Highest id + 1 over the model's vocabulary (a map, or Unigram's list) and the added tokens. */
    private static int size(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("tokenizer " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        int max = -1;
        JsonNode vocab = doc.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<JsonNode> ids = vocab.elements(); ids.hasNext(); ) {
                max = Math.max(max, ids.next().asInt(-1));
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1;
        }
        for (JsonNode added : doc.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt(-1));
        }
        if (max < 0) {
            throw new ModelLoadException("tokenizer " + file + " has no model.vocab and no added_tokens");
        }
        return max + 1;
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return TokenText.strip(tokenizer.decode(wide, true));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
