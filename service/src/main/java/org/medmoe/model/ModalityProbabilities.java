package org.medmoe.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's modality classifier for one image: router softmax averaged over the image tokens
 * and the MoE layers, labelled with the manifest's router labels (in router order).
 *
 * @param probabilities label to probability, summing to 1
 */
public record ModalityProbabilities(Map<String, Double> probabilities) {
    public ModalityProbabilities {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** The most probable label. */
    public String top() {
        return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
