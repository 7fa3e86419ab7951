package org.medmoe.devtools.bench.model;

import org.medmoe.model.ModelManifest;

/**
 * Weight bytes one decoding step of one row reads: every layer's attention, the FFN of a dense layer,
 * in a MoE layer the router, the meta expert, the top-k routed experts (and the residual MLP of a
 * residual MoE), the final LayerNorm and the LM head; the embedding reads one row. Bytes per weight
 * follow the manifest's dtype ({@code int8}/{@code int4}: the packed weights plus one float32 scale
 * per block). Stateless.
 */
final class DecodeFloor {
    private DecodeFloor() {
    }

    /** Bytes per step, or -1 when the manifest lacks the FFN width (models exported before it had one). */
    static double bytesPerStep(ModelManifest m) {
        ModelManifest.Decoder d = m.decoder();
        if (d.intermediateSize() <= 0) {
            return -1;
        }
        double h = d.hiddenSize();
        double attention = 4 * h * h;
        boolean swiglu = "stablelm".equals(m.variant());
        double ffn = (swiglu ? 3 : 2) * h * d.intermediateSize();
        int moeLayers = m.moe().layers().size();
        int dense = d.numLayers() - moeLayers;
        double perMoeLayer = ffn * (1 + m.moe().topK() + (m.moe().useResidual() ? 1 : 0));
        double quantized = d.numLayers() * attention + dense * ffn + moeLayers * perMoeLayer + h * d.vocabSize();
        double exact = moeLayers * (m.moe().numExperts() + 2) * h;
        return quantized * bytesPerWeight(m) + exact * Float.BYTES;
    }

    static double bytesPerWeight(ModelManifest m) {
        return switch (m.dtype()) {
            case "float16" -> 2;
            case "int8" -> 1 + 4.0 / m.quantization().blockSize();
            case "int4" -> 0.5 + 4.0 / m.quantization().blockSize();
            default -> 4;
        };
    }
}
