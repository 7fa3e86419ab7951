package org.medmoe.model;

import java.util.Arrays;

/**
 * Fills the manifest's template with a question, splits it at the image token and tokenises each
 * side on its own (no special tokens, no BOS), exactly as the reference does. Thread-safe.
 */
final class PromptBuilder {
    private final ModelManifest.Prompt spec;
    private final PromptTokenizer tokenizer;
    private final int imageTokens;
    private final int maxPositions;

    PromptBuilder(ModelManifest manifest, PromptTokenizer tokenizer) {
        this.spec = manifest.prompt();
        this.tokenizer = tokenizer;
        this.imageTokens = manifest.image().numImageTokens();
        this.maxPositions = manifest.decoder().maxPositions();
    }

    /**
     * The prompt for {@code question}, leaving room for {@code reserve} further tokens.
     *
     * @throws InvalidInputException the question is blank, holds the image token, or the prompt plus
     *     {@code reserve} does not fit the context
     */
    Prompt build(String question, int reserve) {
        if (question == null || question.isBlank()) {
            throw new InvalidInputException("the question is empty");
        }
        if (question.contains(spec.imageToken())) {
            throw new InvalidInputException("the question must not contain the image token " + spec.imageToken());
        }
        String text = spec.template().replace("{question}", question);
        int cut = text.indexOf(spec.imageToken());
        Prompt prompt = new Prompt(tokenizer.encode(text.substring(0, cut)), imageTokens,
                tokenizer.encode(text.substring(cut + spec.imageToken().length())));
        if (prompt.length() + reserve > maxPositions) {
            throw new InvalidInputException("the question is too long: the prompt takes " + prompt.length()
                    + " tokens and " + reserve + " more are reserved for the answer, but the context holds "
                    + maxPositions);
        }
        return prompt;
    }

    /** The prompt up to and including the image, for modality classification (no question needed). */
    Prompt imageOnly() {
        String text = spec.template();
        return new Prompt(tokenizer.encode(text.substring(0, text.indexOf(spec.imageToken()))), imageTokens,
                new int[0]);
    }

    /** Token ids of {@code answerPrefix + candidate} followed by EOS (the scored continuation). */
    int[] candidateIds(String candidate) {
        int[] body = tokenizer.encode(spec.answerPrefix() + candidate);
        int[] ids = Arrays.copyOf(body, body.length + 1);
        ids[body.length] = spec.eosTokenId();
        return ids;
    }
}
