package org.medmoe.findings;

import java.util.Map;

/**
 * What produced a study's results: the model, its files and where it ran, the prompt set and the code.
 *
 * @param modelName the model's name
 * @param modelVersion its version
 * @param modelVariant its variant (language model family)
 * @param fileHashes SHA-256 of each model file
 * @param executionProvider where it ran (CPU, CUDA)
 * @param promptSetId the prompt set's id
 * @param promptSetVersion the prompt set's version and the pipeline's ({@code <version>/pipeline <version>})
 * @param codeVersion the service's version
 */
public record ModelProvenance(String modelName, String modelVersion, String modelVariant,
        Map<String, String> fileHashes, String executionProvider, String promptSetId, String promptSetVersion,
        String codeVersion) {
}
