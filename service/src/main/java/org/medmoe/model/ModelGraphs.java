package org.medmoe.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medmoe.imaging.PixelTensor;
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

    /** Router logits of every MoE layer of one decoder run, each {@code [B, T, E]} flattened. */
    List<float[]> routerLogits(RunOutputs out) {
        List<float[]> routers = new ArrayList<>(moeLayers());
        for (int j = 0; j < moeLayers(); j++) {
            routers.add(out.floats(GraphNames.routerLogits(j)).data());
        }
        return routers;
    }

    /** Image features {@code [B, N, H]} of a batch of checked pixel tensors. */
    FloatTensor encodeImages(List<PixelTensor> images) {
        int size = manifest.image().size();
        int plane = 3 * size * size;
        float[] pixels = new float[images.size() * plane];
        for (int b = 0; b < images.size(); b++) {
            PixelTensor image = images.get(b);
            if (!image.isSquareRgb(size)) {
                throw new InvalidInputException("the model needs a 3-channel " + size + "x" + size
                        + " image tensor, got " + image.channels() + " channel(s) of " + image.height() + "x"
                        + image.width());
            }
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
     * One decoder run (see {@link DecodeRequest}). The prefix and past caches are fed from the earlier
     * runs' native outputs without a copy; empty ones are zero-length tensors. The caller closes the
     * returned outputs (the logits, every row's own {@code present.*} cache and the router logits).
     */
    RunOutputs decode(DecodeRequest r) {
        int heads = manifest.decoder().numHeads();
        int headDim = manifest.decoder().headDim();
        float[] empty = new float[0];
        try (RunInputs in = decoder.newInputs()) {
            in.floats(GraphNames.INPUTS_EMBEDS, r.embeds(), r.rows(), r.seq(), hidden());
            in.longs(GraphNames.ATTENTION_MASK, r.mask(), r.rows(), r.prefixLength() + r.pastLength() + r.seq());
            in.longs(GraphNames.POSITION_IDS, r.positions(), r.rows(), r.seq());
            in.longs(GraphNames.PREFIX_INDEX, r.prefixRow(), r.rows());
            in.longs(GraphNames.LOGITS_INDEX, r.logitsIndex(), r.rows(), r.logitsPerRow());
            for (int i = 0; i < layers(); i++) {
                if (r.prefix() != null) {
                    in.reuse(GraphNames.prefixKey(i), r.prefix(), GraphNames.presentKey(i));
                    in.reuse(GraphNames.prefixValue(i), r.prefix(), GraphNames.presentValue(i));
                } else {
                    in.floats(GraphNames.prefixKey(i), empty, heads, 1, 0, headDim);
                    in.floats(GraphNames.prefixValue(i), empty, heads, 1, 0, headDim);
                }
                if (r.past() != null) {
                    in.reuse(GraphNames.pastKey(i), r.past(), GraphNames.presentKey(i));
                    in.reuse(GraphNames.pastValue(i), r.past(), GraphNames.presentValue(i));
                } else {
                    in.floats(GraphNames.pastKey(i), empty, heads, r.rows(), 0, headDim);
                    in.floats(GraphNames.pastValue(i), empty, heads, r.rows(), 0, headDim);
                }
            }
            return decoder.run(in, decoderOutputs);
        }
    }
}
