package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * The prefill of image prefixes: embeds the prompts' text (one embedding run for the whole batch),
 * splices each row's image features between its chunks, left-pads the rows to a common length
 * (mask 0, position 0 on padding; positions count real tokens) and runs the decoder once with no
 * prefix and no past, fetching no logits. Thread-safe (stateless besides the shared graphs).
 */
final class Prefiller {
    private static final long[] NO_LOGITS = new long[0];

    private final ModelGraphs graphs;
    private final ModelManifest manifest;

    Prefiller(ModelGraphs graphs, ModelManifest manifest) {
        this.graphs = graphs;
        this.manifest = manifest;
    }

    /**
     * @param prompts one per row (the template up to the image: {@code after} is usually empty)
     * @param images image features {@code [B, N, H]}, row {@code b} for prompt {@code b}
     */
    PrefixState prefixes(List<Prompt> prompts, FloatTensor images) {
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
        RunOutputs out = graphs.decode(new DecodeRequest(embeds, batch, length, mask, positions, new long[batch],
                NO_LOGITS, 0, null, 0, null, 0));
        try {
            List<float[]> routers = graphs.routerLogits(out);
            RoutingTrace[] traces = new RoutingTrace[batch];
            for (int b = 0; b < batch; b++) {
                traces[b] = new RoutingTrace(manifest.moe(), lengths[b]);
                traces[b].append(routers, b, length, length - lengths[b], lengths[b]);
            }
            return new PrefixState(out, batch, length, mask, lengths, traces);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
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
