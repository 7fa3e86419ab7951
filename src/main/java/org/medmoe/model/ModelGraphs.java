package org.medmoe.model;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.GraphSession;
import org.medmoe.runtime.OrtRuntime;
import org.medmoe.runtime.RunInputs;
import org.medmoe.runtime.RunOutputs;

/**
 * The three graphs of a model directory, opened on one {@link OrtRuntime} and checked against the
 * manifest, with one typed method per graph. Thread-safe (sessions are); the sessions belong to the
 * runtime, which closes them.
 */
final class ModelGraphs {
    private final ModelManifest manifest;
    private final GraphSession vision;
    private final GraphSession embed;
    private final GraphSession decoder;
    private final Set<String> decoderOutputs = new HashSet<>();
    private final Set<String> cacheAndRouterOutputs = new HashSet<>();

    ModelGraphs(OrtRuntime runtime, Path dir, ModelManifest manifest) {
        this.manifest = manifest;
        this.vision = runtime.open(GraphNames.VISION_FILE, dir.resolve(GraphNames.VISION_FILE));
        this.embed = runtime.open(GraphNames.EMBED_FILE, dir.resolve(GraphNames.EMBED_FILE));
        this.decoder = runtime.open(GraphNames.DECODER_FILE, dir.resolve(GraphNames.DECODER_FILE));
        new GraphContract(manifest).check(vision.signature(), embed.signature(), decoder.signature());
        decoderOutputs.add(GraphNames.LOGITS);
        for (int i = 0; i < layers(); i++) {
            decoderOutputs.add(GraphNames.presentKey(i));
            decoderOutputs.add(GraphNames.presentValue(i));
        }
        for (int j = 0; j < moeLayers(); j++) {
            decoderOutputs.add(GraphNames.routerLogits(j));
        }
        cacheAndRouterOutputs.addAll(decoderOutputs);
        cacheAndRouterOutputs.remove(GraphNames.LOGITS);
    }

    int layers() {
        return manifest.decoder().numLayers();
    }

    int moeLayers() {
        return manifest.moe().layers().size();
    }

    int hidden() {
        return manifest.decoder().hiddenSize();
    }

    /** Image features {@code [B, N, H]} of a batch of checked pixel tensors. */
    FloatTensor encodeImages(List<PixelTensor> images) {
        int size = manifest.image().size();
        int plane = 3 * size * size;
        float[] pixels = new float[images.size() * plane];
        for (int b = 0; b < images.size(); b++) {
            PixelTensor image = images.get(b);
            image.requireShape(size);
            System.arraycopy(image.data(), 0, pixels, b * plane, plane);
        }
        try (RunInputs in = vision.newInputs().floats(GraphNames.PIXEL_VALUES, pixels, images.size(), 3, size, size);
                RunOutputs out = vision.run(in, Set.of(GraphNames.IMAGE_FEATURES))) {
            return out.floats(GraphNames.IMAGE_FEATURES);
        }
    }

    /** Embeddings {@code [rows, cols, H]} of a row-major id matrix. */
    FloatTensor embed(long[] ids, int rows, int cols) {
        try (RunInputs in = embed.newInputs().longs(GraphNames.INPUT_IDS, ids, rows, cols);
                RunOutputs out = embed.run(in, Set.of(GraphNames.INPUTS_EMBEDS))) {
            return out.floats(GraphNames.INPUTS_EMBEDS);
        }
    }

    /**
     * One decoder run over {@code seq} new positions per row. {@code past} is the previous run
     * (its {@code present.*} tensors are fed back without a copy) or null for a zero-length past;
     * {@code pastHost} optionally replaces it with host KV tensors {@code [2 * layers][B*h*P*d]}.
     * The caller closes the returned outputs.
     */
    RunOutputs decode(float[] embeds, int batch, int seq, long[] mask, long[] positions, RunOutputs past,
            float[][] pastHost, int pastLength) {
        return decode(embeds, batch, seq, mask, positions, past, pastHost, pastLength, true);
    }

    /** As above; with {@code logits} false the run fetches only the KV cache and the router logits. */
    RunOutputs decode(float[] embeds, int batch, int seq, long[] mask, long[] positions, RunOutputs past,
            float[][] pastHost, int pastLength, boolean logits) {
        int heads = manifest.decoder().numHeads();
        int headDim = manifest.decoder().headDim();
        try (RunInputs in = decoder.newInputs()) {
            in.floats(GraphNames.INPUTS_EMBEDS, embeds, batch, seq, hidden());
            in.longs(GraphNames.ATTENTION_MASK, mask, batch, pastLength + seq);
            in.longs(GraphNames.POSITION_IDS, positions, batch, seq);
            float[] empty = new float[0];
            for (int i = 0; i < layers(); i++) {
                if (past != null) {
                    in.reuse(GraphNames.pastKey(i), past, GraphNames.presentKey(i));
                    in.reuse(GraphNames.pastValue(i), past, GraphNames.presentValue(i));
                } else {
                    float[] k = pastHost == null ? empty : pastHost[2 * i];
                    float[] v = pastHost == null ? empty : pastHost[2 * i + 1];
                    in.floats(GraphNames.pastKey(i), k, batch, heads, pastLength, headDim);
                    in.floats(GraphNames.pastValue(i), v, batch, heads, pastLength, headDim);
                }
            }
            return decoder.run(in, logits ? decoderOutputs : cacheAndRouterOutputs);
        }
    }
}
