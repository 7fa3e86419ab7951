package org.medmoe.model;

import java.util.ArrayList;
import java.util.List;

/** File, input and output names of the three-graph ONNX split (the exporter's contract). */
final class GraphNames {
    static final String VISION_FILE = "vision_encoder.onnx";
    static final String EMBED_FILE = "embed_tokens.onnx";
    static final String DECODER_FILE = "decoder_model_merged.onnx";
    /** The tokenizer file of a model whose manifest names no tokenizer kind. */
    static final String TOKENIZER_FILE = "tokenizer.json";

    static final String PIXEL_VALUES = "pixel_values";
    static final String IMAGE_FEATURES = "image_features";
    static final String INPUT_IDS = "input_ids";
    static final String INPUTS_EMBEDS = "inputs_embeds";
    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITION_IDS = "position_ids";
    static final String PREFIX_INDEX = "prefix_index";
    static final String LOGITS_INDEX = "logits_index";
    static final String LOGITS = "logits";

    private GraphNames() {
    }

    /** The files a model directory must hold: the three graphs and the tokenizer files its manifest names. */
    static List<String> requiredFiles(ModelManifest manifest) {
        List<String> files = new ArrayList<>(List.of(VISION_FILE, EMBED_FILE, DECODER_FILE));
        files.addAll(manifest.tokenizerFiles());
        return files;
    }

    static String prefixKey(int layer) {
        return "prefix_key_values." + layer + ".key";
    }

    static String prefixValue(int layer) {
        return "prefix_key_values." + layer + ".value";
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
