package org.medmoe.devtools.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.model.ModelManifest;

class DecodeFloorTest {
    /**
     * Parameters one token activates, from the released layout lists (tools/medmoe_ref/layout.py
     * parameter_counts, "activated": top-1 expert + meta expert) less the embedding table, of which a
     * token reads one row: 2,059,849,776 - 100352 x 2048 for StableLM, 3,618,862,144 - 51200 x 2560 for Phi2.
     */
    private static final double STABLELM_PER_TOKEN = 1_854_328_880d;
    private static final double PHI2_PER_TOKEN = 3_487_790_144d;

    private static ModelManifest manifest(String variant, String dtype, int topK, ModelManifest.Quantization q) {
        boolean phi = variant.equals("phi2");
        int layers = phi ? 32 : 24;
        ModelManifest.Decoder decoder = phi ? new ModelManifest.Decoder(2560, 32, 32, 80, 51200, 2048, 10240)
                : new ModelManifest.Decoder(2048, 24, 32, 64, 100352, 4096, 5632);
        List<Integer> moe = new java.util.ArrayList<>();
        for (int i = 0; i < layers; i += 2) {
            moe.add(i);
        }
        return new ModelManifest("medmoe-onnx/2", "x", "1", variant, dtype, null, decoder,
                new ModelManifest.Moe(moe, 4, topK, List.of("CT", "MRI", "PATHOLOGY", "XRAY"), false), null, null, q,
                Map.of());
    }

    @Test
    void shouldCountTheWeightsOneTokenActivatesAsTheLayoutListsDo() {
        // Biases and LayerNorms are left out of the floor: within 0.1% of the layout's activated count
        assertThat(DecodeFloor.bytesPerStep(manifest("stablelm", "float32", 1, null)) / 4)
                .isCloseTo(STABLELM_PER_TOKEN, within(STABLELM_PER_TOKEN * 1e-3));
        assertThat(DecodeFloor.bytesPerStep(manifest("phi2", "float32", 1, null)) / 4)
                .isCloseTo(PHI2_PER_TOKEN, within(PHI2_PER_TOKEN * 1e-3));
    }

    @Test
    void shouldChargeQuantizedWeightsTheirPackedBytesAndOneScalePerBlock() {
        double fp32 = DecodeFloor.bytesPerStep(manifest("stablelm", "float32", 1, null));
        double int8 = DecodeFloor.bytesPerStep(manifest("stablelm", "int8", 1, new ModelManifest.Quantization(8, 32, 4)));
        double int4 = DecodeFloor.bytesPerStep(manifest("stablelm", "int4", 1, new ModelManifest.Quantization(4, 32, 4)));
        assertThat(int8 / fp32).isCloseTo((1 + 4.0 / 32) / 4, within(1e-3));
        assertThat(int4 / fp32).isCloseTo((0.5 + 4.0 / 32) / 4, within(1e-3));
    }

    @Test
    void shouldReadOneMoreExpertPerMoeLayerAtTopTwo() {
        double top1 = DecodeFloor.bytesPerStep(manifest("stablelm", "float32", 1, null));
        double top2 = DecodeFloor.bytesPerStep(manifest("stablelm", "float32", 2, null));
        assertThat(top2 - top1).isCloseTo(12 * 3 * 2048d * 5632 * 4, within(1.0));
    }
}
