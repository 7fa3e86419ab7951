package org.medmoe.model;

import java.util.List;

/**
 * Expert routing of one request. Positions are every position the decoder computed for it, in
 * order: the prompt (text, image tokens, text) and each generated token that was fed back.
 *
 * @param moeLayers decoder layer index of each MoE layer
 * @param chosenExperts per MoE layer, the highest-probability expert at each position
 * @param secondExperts per MoE layer, the second choice at each position (top-2 models only, else empty)
 * @param expertShares per MoE layer, the share of positions whose highest-probability expert is each expert
 * @param modality modality probabilities over the image tokens
 */
public record Routing(List<Integer> moeLayers, List<int[]> chosenExperts, List<int[]> secondExperts,
        List<double[]> expertShares, ModalityProbabilities modality) {
    public Routing {
        moeLayers = List.copyOf(moeLayers);
        chosenExperts = List.copyOf(chosenExperts);
        secondExperts = List.copyOf(secondExperts);
        expertShares = List.copyOf(expertShares);
    }
}
