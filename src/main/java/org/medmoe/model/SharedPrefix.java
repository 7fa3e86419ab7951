package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Questions that continue a prefilled image prefix (the template up to and including the image),
 * so that several questions about one image share its vision run and its prefix prefill. The
 * attention is causal, so the prefix's KV cache does not depend on what follows it: each question
 * row continues from a host copy of its image's prefix cache, with its own text after it.
 *
 * <p>Rows of one run are right-padded to a common width (mask 0, never read): a row's positions are
 * {@code P, P + 1, ...} after the prefix's {@code P} real tokens, so padding between a row's text and
 * its later tokens changes nothing. Thread-safe (stateless besides the shared graphs).
 */
final class SharedPrefix {
    private final ModelGraphs graphs;
    private final Prefiller prefiller;
    private final int eos;

    SharedPrefix(ModelGraphs graphs, Prefiller prefiller, ModelManifest manifest) {
        this.graphs = graphs;
        this.prefiller = prefiller;
        this.eos = manifest.prompt().eosTokenId();
    }

    /**
     * Log-likelihood of each candidate of each closed question: one run whose rows are the question's
     * text after the image followed by the candidate's tokens (all but the final EOS), one row per
     * candidate. Candidate token {@code i} is scored from the logits at the row's position
     * {@code |text| - 1 + i}.
     *
     * @param prefix the prefilled image prefixes, one row per image
     * @param image each question's row in {@code prefix}
     * @param prompts each question's prompt (its {@code after} part is the row's text)
     * @param candidates each question's candidates as token ids, EOS last
     * @param traces filled with each question's routing: its prefix, then its text
     */
    double[][] score(PrefillState prefix, int[] image, List<Prompt> prompts, int[][][] candidates,
            RoutingTrace[] traces) {
        int questions = prompts.size();
        int rows = 0;
        for (int[][] c : candidates) {
            rows += c.length;
        }
        int[] source = new int[rows];
        int[][] feed = new int[rows][];
        int[] firstRow = new int[questions];
        int row = 0;
        for (int q = 0; q < questions; q++) {
            firstRow[q] = row;
            int[] text = prompts.get(q).after();
            for (int[] candidate : candidates[q]) {
                source[row] = image[q];
                feed[row] = concat(text, candidate, candidate.length - 1);
                row++;
            }
        }
        try (Continuation run = continueFrom(prefix, source, feed)) {
            FloatTensor logits = run.outputs.floats(GraphNames.LOGITS);
            int vocab = logits.dim(2);
            int stride = logits.stride(0);
            List<float[]> routers = prefiller.routerOutputs(run.outputs);
            double[][] scores = new double[questions][];
            for (int q = 0; q < questions; q++) {
                int text = prompts.get(q).after().length;
                scores[q] = new double[candidates[q].length];
                for (int c = 0; c < candidates[q].length; c++) {
                    int r = firstRow[q] + c;
                    int[] seq = candidates[q][c];
                    double total = 0;
                    for (int i = 0; i < seq.length; i++) {
                        total += CandidateScorer.logSoftmaxAt(logits.data(), r * stride + (text - 1 + i) * vocab,
                                vocab, seq[i]);
                    }
                    scores[q][c] = total;
                }
                traces[q] = prefix.traces[image[q]].copy(prefix.lengths[image[q]] + text);
                traces[q].append(routers, firstRow[q], run.width, 0, text);
            }
            return scores;
        }
    }

    /**
     * The prefill of open questions after their image prefixes: one run over each question's text,
     * giving a state that {@link GreedyDecoder} continues (its KV cache holds prefix, text and padding).
     *
     * @param caps each question's token cap, reserved in its routing trace
     */
    PrefillState prefill(PrefillState prefix, int[] image, List<Prompt> prompts, int[] caps) {
        int rows = prompts.size();
        int[][] feed = new int[rows][];
        for (int r = 0; r < rows; r++) {
            feed[r] = prompts.get(r).after();
        }
        Continuation run = continueFrom(prefix, image, feed);
        try {
            FloatTensor logits = run.outputs.floats(GraphNames.LOGITS);
            int vocab = logits.dim(2);
            int stride = logits.stride(0);
            List<float[]> routers = prefiller.routerOutputs(run.outputs);
            float[][] last = new float[rows][];
            int[] lengths = new int[rows];
            RoutingTrace[] traces = new RoutingTrace[rows];
            for (int r = 0; r < rows; r++) {
                int text = feed[r].length;
                int at = r * stride + (text - 1) * vocab;
                last[r] = Arrays.copyOfRange(logits.data(), at, at + vocab);
                lengths[r] = prefix.lengths[image[r]] + text;
                traces[r] = prefix.traces[image[r]].copy(lengths[r] + caps[r]);
                traces[r].append(routers, r, run.width, 0, text);
            }
            return new PrefillState(run.outputs, rows, prefix.length + run.width, run.mask, lengths, last, traces);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** One decoder run's outputs (closed by the owner), its width and its full attention mask. */
    private record Continuation(RunOutputs outputs, int width, long[] mask) implements AutoCloseable {
        @Override
        public void close() {
            outputs.close();
        }
    }

    /** Runs {@code feed[r]} (at least one token each) after the prefix row {@code source[r]}. */
    private Continuation continueFrom(PrefillState prefix, int[] source, int[][] feed) {
        int rows = feed.length;
        int past = prefix.length;
        int width = 0;
        for (int[] f : feed) {
            width = Math.max(width, f.length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * (past + width)];
        long[] positions = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            int s = source[r];
            System.arraycopy(prefix.mask, s * past, mask, r * (past + width), past);
            for (int i = 0; i < width; i++) {
                boolean real = i < feed[r].length;
                ids[r * width + i] = real ? feed[r][i] : eos;
                mask[r * (past + width) + past + i] = real ? 1 : 0;
                positions[r * width + i] = prefix.lengths[s] + i;
            }
        }
        float[] embeds = graphs.embed(ids, rows, width).data();
        float[][] pastHost = prefix.repeatedPast(graphs.layers(), source);
        RunOutputs out = graphs.decode(embeds, rows, width, mask, positions, null, pastHost, past);
        return new Continuation(out, width, mask);
    }

    private static int[] concat(int[] a, int[] b, int bLength) {
        int[] out = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, out, a.length, bLength);
        return out;
    }
}
