package org.medmoe.model;

import org.medmoe.imaging.PixelTensor;

/**
 * An open question about one image, answered by greedy generation.
 *
 * @param image the pre-processed image
 * @param text the question
 * @param maxNewTokens cap on generated tokens (EOS included), at least 1
 */
public record Question(PixelTensor image, String text, int maxNewTokens) {
    public Question {
        if (image == null) {
            throw new InvalidInputException("the question has no image");
        }
        if (maxNewTokens < 1) {
            throw new InvalidInputException("maxNewTokens must be at least 1, got " + maxNewTokens);
        }
    }
}
