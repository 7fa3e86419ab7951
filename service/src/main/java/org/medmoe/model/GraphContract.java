package org.medmoe.model;

import static org.medmoe.model.GraphNames.ATTENTION_MASK;
import static org.medmoe.model.GraphNames.DECODER_FILE;
import static org.medmoe.model.GraphNames.EMBED_FILE;
import static org.medmoe.model.GraphNames.IMAGE_FEATURES;
import static org.medmoe.model.GraphNames.INPUTS_EMBEDS;
import static org.medmoe.model.GraphNames.INPUT_IDS;
import static org.medmoe.model.GraphNames.LOGITS;
import static org.medmoe.model.GraphNames.LOGITS_INDEX;
import static org.medmoe.model.GraphNames.PIXEL_VALUES;
import static org.medmoe.model.GraphNames.POSITION_IDS;
import static org.medmoe.model.GraphNames.PREFIX_INDEX;
import static org.medmoe.model.GraphNames.VISION_FILE;
import static org.medmoe.model.GraphNames.pastKey;
import static org.medmoe.model.GraphNames.pastValue;
import static org.medmoe.model.GraphNames.prefixKey;
import static org.medmoe.model.GraphNames.prefixValue;
import static org.medmoe.model.GraphNames.presentKey;
import static org.medmoe.model.GraphNames.presentValue;
import static org.medmoe.model.GraphNames.routerLogits;

import java.util.List;
import java.util.Map;
import org.medmoe.runtime.ElementType;
import org.medmoe.runtime.GraphSignature;
import org.medmoe.runtime.TensorSpec;

/**
 * Checks, once at load, that the three graphs have exactly the inputs and outputs the manifest
 * implies: names, element types, ranks and every static dimension (image size, hidden size, heads,
 * head size, vocabulary, number of experts), a prefix and an own KV pair per decoder layer (head-major,
 * {@code [heads, rows, positions, headDim]}) and one
 * {@code router_logits.j} per MoE layer. Stateless.
 */
final class GraphContract {
    private final ModelManifest manifest;

    GraphContract(ModelManifest manifest) {
        this.manifest = manifest;
    }

    /** @throws ModelLoadException on the first mismatch, naming the graph, the tensor and the difference */
    void check(GraphSignature vision, GraphSignature embed, GraphSignature decoder) {
        int s = manifest.image().size();
        int h = manifest.decoder().hiddenSize();
        int heads = manifest.decoder().numHeads();
        int headDim = manifest.decoder().headDim();
        expect(VISION_FILE, vision.inputs(), PIXEL_VALUES, ElementType.FLOAT, -1, 3, s, s);
        expect(VISION_FILE, vision.outputs(), IMAGE_FEATURES, ElementType.FLOAT, -1,
                manifest.image().numImageTokens(), h);
        expect(EMBED_FILE, embed.inputs(), INPUT_IDS, ElementType.INT64, -1, -1);
        expect(EMBED_FILE, embed.outputs(), INPUTS_EMBEDS, ElementType.FLOAT, -1, -1, h);
        expect(DECODER_FILE, decoder.inputs(), INPUTS_EMBEDS, ElementType.FLOAT, -1, -1, h);
        expect(DECODER_FILE, decoder.inputs(), ATTENTION_MASK, ElementType.INT64, -1, -1);
        expect(DECODER_FILE, decoder.inputs(), POSITION_IDS, ElementType.INT64, -1, -1);
        expect(DECODER_FILE, decoder.inputs(), PREFIX_INDEX, ElementType.INT64, -1);
        expect(DECODER_FILE, decoder.inputs(), LOGITS_INDEX, ElementType.INT64, -1, -1);
        expect(DECODER_FILE, decoder.outputs(), LOGITS, ElementType.FLOAT, -1, -1, manifest.decoder().vocabSize());
        int layers = manifest.decoder().numLayers();
        for (int i = 0; i < layers; i++) {
            for (String name : List.of(prefixKey(i), prefixValue(i), pastKey(i), pastValue(i))) {
                expect(DECODER_FILE, decoder.inputs(), name, ElementType.FLOAT, heads, -1, -1, headDim);
            }
            expect(DECODER_FILE, decoder.outputs(), presentKey(i), ElementType.FLOAT, heads, -1, -1, headDim);
            expect(DECODER_FILE, decoder.outputs(), presentValue(i), ElementType.FLOAT, heads, -1, -1, headDim);
        }
        int moeLayers = manifest.moe().layers().size();
        for (int j = 0; j < moeLayers; j++) {
            expect(DECODER_FILE, decoder.outputs(), routerLogits(j), ElementType.FLOAT, -1, -1,
                    manifest.moe().numExperts());
        }
        if (decoder.inputs().size() != 5 + 4 * layers) {
            throw mismatch(DECODER_FILE, "has " + decoder.inputs().size() + " inputs, the manifest's "
                    + layers + " layers need " + (5 + 4 * layers) + ": " + decoder.inputs().keySet());
        }
        long routers = decoder.outputs().keySet().stream().filter(n -> n.startsWith("router_logits.")).count();
        if (routers != moeLayers) {
            throw mismatch(DECODER_FILE, "has " + routers + " router_logits outputs, the manifest lists "
                    + moeLayers + " MoE layers " + manifest.moe().layers());
        }
    }

    private static void expect(String graph, Map<String, TensorSpec> specs, String name, ElementType type,
            long... dims) {
        TensorSpec spec = specs.get(name);
        if (spec == null) {
            throw mismatch(graph, "has no tensor named " + name + " (found " + specs.keySet() + ")");
        }
        if (spec.type() != type) {
            throw mismatch(graph, name + " is " + spec.type() + ", expected " + type);
        }
        if (spec.rank() != dims.length) {
            throw mismatch(graph, name + " has rank " + spec.rank() + ", expected " + dims.length);
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] >= 0 && spec.dim(i) >= 0 && spec.dim(i) != dims[i]) {
                throw mismatch(graph, name + " dimension " + i + " is " + spec.dim(i) + " in the graph but "
                        + dims[i] + " per the manifest " + spec);
            }
        }
    }

    private static ModelLoadException mismatch(String graph, String what) {
        return new ModelLoadException("model graph " + graph + " does not match " + ManifestReader.FILE + ": "
                + graph + " " + what);
    }
}
