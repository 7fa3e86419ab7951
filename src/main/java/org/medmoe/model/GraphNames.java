package org.medmoe.model;

/** File, input and output names of the three-graph ONNX split (the exporter's contract). */
final class GraphNames {
    static final String VISION_FILE = "vision_encoder.onnx";
    static final String EMBED_FILE = "embed_tokens.onnx";
    static final String DECODER_FILE = "decoder_model_merged.onnx";
    static final String TOKENIZER_FILE = "tokenizer.json";

    static final String PIXEL_VALUES = "pixel_values";
    static final String IMAGE_FEATURES = "image_features";
    static final String INPUT_IDS = "input_ids";
    static final String INPUTS_EMBEDS = "inputs_embeds";
    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITION_IDS = "position_ids";
    static final String LOGITS = "logits";

    private GraphNames() {
    }

    static String pastKey(int layer) {
        return "past_key_values." + layer + ".key";
    }

    static String pastValue(int layer) {
        return "past_key_values." + layer + ".value";
    }

    static String presentKey(int layer) {
        return "present." + layer + ".key";
    }

    static String presentValue(int layer) {
        return "present." + layer + ".value";
    }

    static String routerLogits(int moeIndex) {
        return "router_logits." + moeIndex;
    }
}
