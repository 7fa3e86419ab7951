package org.medmoe.runtime;

import java.util.Map;

/**
 * Inputs and outputs a graph declares, by name, in declaration order.
 *
 * @param inputs input name to spec
 * @param outputs output name to spec
 */
public record GraphSignature(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
    public GraphSignature {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }
}
