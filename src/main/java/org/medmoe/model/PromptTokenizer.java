package org.medmoe.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The model's {@code tokenizer.json}, loaded offline with DJL's Hugging Face tokenizers. Never adds
 * special tokens (the prompt builder decides about them). Thread-safe (the native tokenizer is
 * immutable after loading); closed by the {@link MedMoeModel} that owns it.
 */
final class PromptTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private PromptTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** @throws ModelLoadException the file is missing or not a tokenizer */
    static PromptTokenizer load(Path file) {
        try {
            return new PromptTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("tokenizer " + file + " could not be loaded: " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}, without special tokens. */
    int[] encode(String text) {
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

    /** Text of {@code ids}, special tokens skipped, trimmed as the reference does. */
    String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, true).strip();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
