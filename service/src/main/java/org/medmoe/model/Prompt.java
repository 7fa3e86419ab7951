package org.medmoe.model;

/**
 * A tokenised prompt: ids before the image, the number of image tokens, ids after it.
 *
 * @param before token ids of the text before the image placeholder
 * @param imageTokens number of image embeddings spliced in between
 * @param after token ids of the text after the image placeholder (includes the question)
 */
record Prompt(int[] before, int imageTokens, int[] after) {
    /** Total sequence length the decoder sees. */
    int length() {
        return before.length + imageTokens + after.length;
    }
}
