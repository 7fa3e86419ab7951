package org.medmoe.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Runs the prompt prefill for a batch: embeds the text chunks (one embedding run for the whole
 * batch), splices each row's image features between them, left-pads the rows to a common length
 * (mask 0, position 0 on padding; positions count real tokens) and runs the decoder once with a
 * zero-length past. Thread-safe (stateless besides the shared graphs).
 */
final class Prefiller {
    private final ModelGraphs graphs;
    private final ModelManifest manifest;

    Prefiller(ModelGraphs graphs, ModelManifest manifest) {
        this.graphs = graphs;
        this.manifest = manifest;
    }

    /**
     * @param prompts one per row
     * @param images image features {@code [B, N, H]}, row {@code b} for prompt {@code b}
     * @param extraPositions positions each row's trace should expect after the prompt
     */
    PrefillState run(List<Prompt> prompts, FloatTensor images, int extraPositions) {
        return run(prompts, images, extraPositions, true);
    }

    /**
     * As above; with {@code logits} false the logits are neither fetched nor copied (the state's
     * {@code lastLogits} is null): for a prefix that other runs continue, or routing alone.
     */
    PrefillState run(List<Prompt> prompts, FloatTensor images, int extraPositions, boolean logits) {
        int batch = prompts.size();
        int h = graphs.hidden();
        int n = manifest.image().numImageTokens();
        float[][][] chunks = embedChunks(prompts);
        int length = prompts.stream().mapToInt(Prompt::length).max().orElseThrow();
        float[] embeds = new float[batch * length * h];
        long[] mask = new long[batch * length];
        long[] positions = new long[batch * length];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            Prompt p = prompts.get(b);
            lengths[b] = p.length();
            int pad = length - p.length();
            int at = (b * length + pad) * h;
            System.arraycopy(chunks[b][0], 0, embeds, at, chunks[b][0].length);
            at += chunks[b][0].length;
            System.arraycopy(images.data(), b * n * h, embeds, at, n * h);
            at += n * h;
            System.arraycopy(chunks[b][1], 0, embeds, at, chunks[b][1].length);
            for (int t = 0; t < p.length(); t++) {
                mask[b * length + pad + t] = 1;
                positions[b * length + pad + t] = t;
            }
        }
        RunOutputs out = graphs.decode(embeds, batch, length, mask, positions, null, null, 0, logits);
        try {
            float[][] last = logits ? lastPositions(out.floats(GraphNames.LOGITS), batch, length) : null;
            List<float[]> routers = routerOutputs(out);
            RoutingTrace[] traces = new RoutingTrace[batch];
            for (int b = 0; b < batch; b++) {
                traces[b] = new RoutingTrace(manifest.moe(), lengths[b] + extraPositions);
                traces[b].append(routers, b, length, length - lengths[b], lengths[b]);
            }
            return new PrefillState(out, batch, length, mask, lengths, last, traces);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Each row's logits at the last position of a {@code [B, T, V]} tensor. */
    private static float[][] lastPositions(FloatTensor logits, int batch, int length) {
        int vocab = logits.dim(2);
        float[][] last = new float[batch][vocab];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(logits.data(), (b * length + length - 1) * vocab, last[b], 0, vocab);
        }
        return last;
    }

    /** Router logits of every MoE layer of one run, each {@code [B, T, E]} flattened. */
    List<float[]> routerOutputs(RunOutputs out) {
        List<float[]> routers = new ArrayList<>(graphs.moeLayers());
        for (int j = 0; j < graphs.moeLayers(); j++) {
            routers.add(out.floats(GraphNames.routerLogits(j)).data());
        }
        return routers;
    }

    /** {@code [row][before|after]} embeddings, from one embedding run over all chunks. */
    private float[][][] embedChunks(List<Prompt> prompts) {
        int h = graphs.hidden();
        int total = 0;
        for (Prompt p : prompts) {
            total += p.before().length + p.after().length;
        }
        float[][][] chunks = new float[prompts.size()][2][];
        if (total == 0) {
            for (float[][] c : chunks) {
                c[0] = new float[0];
                c[1] = new float[0];
            }
            return chunks;
        }
        long[] ids = new long[total];
        int k = 0;
        for (Prompt p : prompts) {
            for (int id : p.before()) {
                ids[k++] = id;
            }
            for (int id : p.after()) {
                ids[k++] = id;
            }
        }
        float[] all = graphs.embed(ids, 1, total).data();
        int at = 0;
        for (int b = 0; b < prompts.size(); b++) {
            Prompt p = prompts.get(b);
            chunks[b][0] = Arrays.copyOfRange(all, at * h, (at + p.before().length) * h);
            at += p.before().length;
            chunks[b][1] = Arrays.copyOfRange(all, at * h, (at + p.after().length) * h);
            at += p.after().length;
        }
        return chunks;
    }
}
