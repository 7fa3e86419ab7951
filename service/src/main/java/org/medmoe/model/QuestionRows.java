package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Questions that continue prefilled image prefixes, so that every question about an image shares its
 * vision run and its prefix prefill. The attention is causal, so a prefix's cache does not depend on
 * what follows it; each row names its prefix row and the decoder reads that row's cache in place
 * (one native copy of the prefix per image, however many questions and candidates continue it).
 *
 * <p>Rows of one run are right-padded to a common width (mask 0, never read): a row's positions
 * continue its prefix's real length, so padding between its text and later tokens changes nothing.
 * Only the logits of the positions that are used are computed. Thread-safe (stateless besides the
 * shared graphs).
 */
final class QuestionRows {
    private final ModelGraphs graphs;
    private final int eos;
    private final int vocab;

    /** @param vocab ids that may be scored or generated (the tokenizer's, at most the model's vocabulary) */
    QuestionRows(ModelGraphs graphs, ModelManifest manifest, int vocab) {
        this.graphs = graphs;
        this.eos = manifest.prompt().eosTokenId();
        this.vocab = vocab;
    }

    /**
     * Log-likelihood of each candidate of each closed question, in one run whose rows are the
     * question's text after the image followed by the candidate's tokens (all but the final EOS), one
     * row per candidate. Candidate token {@code i} is scored from the logits at the row's position
     * {@code |text| - 1 + i}.
     *
     * @param prefix the prefilled image prefixes
     * @param image each question's prefix row
     * @param prompts each question's prompt (its {@code after} part is the row's text)
     * @param candidates each question's candidates as token ids, EOS last
     * @param traces filled with each question's routing: its prefix, then its text
     */
    double[][] score(PrefixState prefix, int[] image, List<Prompt> prompts, int[][][] candidates,
            RoutingTrace[] traces) {
        int questions = prompts.size();
        int rows = 0;
        int longest = 1;
        for (int[][] c : candidates) {
            rows += c.length;
            for (int[] seq : c) {
                longest = Math.max(longest, seq.length);
            }
        }
        int[] source = new int[rows];
        int[][] feed = new int[rows][];
        int[][] scored = new int[rows][];
        int[] firstRow = new int[questions];
        int row = 0;
        for (int q = 0; q < questions; q++) {
            firstRow[q] = row;
            int[] text = prompts.get(q).after();
            for (int[] candidate : candidates[q]) {
                source[row] = image[q];
                feed[row] = concat(text, candidate, candidate.length - 1);
                scored[row] = new int[candidate.length];
                for (int i = 0; i < candidate.length; i++) {
                    scored[row][i] = text.length - 1 + i;
                }
                row++;
            }
        }
        try (Continuation run = continueFrom(prefix, source, feed, scored, longest)) {
            FloatTensor logits = run.outputs.floats(GraphNames.LOGITS);
            int v = logits.dim(2);
            List<float[]> routers = graphs.routerLogits(run.outputs);
            double[][] scores = new double[questions][];
            for (int q = 0; q < questions; q++) {
                int text = prompts.get(q).after().length;
                scores[q] = new double[candidates[q].length];
                for (int c = 0; c < candidates[q].length; c++) {
                    int r = firstRow[q] + c;
                    int[] seq = candidates[q][c];
                    double total = 0;
                    for (int i = 0; i < seq.length; i++) {
                        total += LogProbs.logSoftmaxAt(logits.data(), (r * longest + i) * v, vocab, seq[i]);
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
     * giving a state that {@link GreedyDecoder} continues.
     *
     * @param caps each question's token cap, reserved in its routing trace
     */
    RowState prefill(PrefixState prefix, int[] image, List<Prompt> prompts, int[] caps) {
        int rows = prompts.size();
        int[][] feed = new int[rows][];
        int[][] last = new int[rows][];
        for (int r = 0; r < rows; r++) {
            feed[r] = prompts.get(r).after();
            last[r] = new int[] {feed[r].length - 1};
        }
        Continuation run = continueFrom(prefix, image, feed, last, 1);
        try {
            FloatTensor logits = run.outputs.floats(GraphNames.LOGITS);
            int v = logits.dim(2);
            List<float[]> routers = graphs.routerLogits(run.outputs);
            float[][] lastLogits = new float[rows][];
            int[] lengths = new int[rows];
            RoutingTrace[] traces = new RoutingTrace[rows];
            long[] prefixRow = new long[rows];
            for (int r = 0; r < rows; r++) {
                int text = feed[r].length;
                lastLogits[r] = Arrays.copyOfRange(logits.data(), r * v, (r + 1) * v);
                lengths[r] = prefix.lengths[image[r]] + text;
                prefixRow[r] = image[r];
                traces[r] = prefix.traces[image[r]].copy(lengths[r] + caps[r]);
                traces[r].append(routers, r, run.width, 0, text);
            }
            return new RowState(run.outputs, rows, prefixRow, run.width, run.mask, lengths, lastLogits, traces);
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

    /**
     * Runs {@code feed[r]} (at least one token each) after prefix row {@code source[r]}, computing the
     * logits at {@code logitsAt[r]} (positions within the row's tokens; {@code perRow} per row, the
     * missing ones padded).
     */
    private Continuation continueFrom(PrefixState prefix, int[] source, int[][] feed, int[][] logitsAt, int perRow) {
        int rows = feed.length;
        int past = prefix.length;
        int width = 0;
        for (int[] f : feed) {
            if (f.length == 0) {
                throw new IllegalArgumentException("a question row has no tokens after the image");
            }
            width = Math.max(width, f.length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * (past + width)];
        long[] positions = new long[rows * width];
        long[] prefixRow = new long[rows];
        long[] logitsIndex = new long[rows * perRow];
        for (int r = 0; r < rows; r++) {
            int s = source[r];
            prefixRow[r] = s;
            System.arraycopy(prefix.mask, s * past, mask, r * (past + width), past);
            for (int i = 0; i < width; i++) {
                boolean real = i < feed[r].length;
                ids[r * width + i] = real ? feed[r][i] : eos;
                mask[r * (past + width) + past + i] = real ? 1 : 0;
                positions[r * width + i] = prefix.lengths[s] + i;
            }
            for (int k = 0; k < logitsAt[r].length; k++) {
                logitsIndex[r * perRow + k] = logitsAt[r][k];
            }
        }
        float[] embeds = graphs.embed(ids, rows, width).data();
        RunOutputs out = graphs.decode(new DecodeRequest(embeds, rows, width, mask, positions, prefixRow,
                logitsIndex, perRow, prefix.outputs, past, null, 0));
        return new Continuation(out, width, mask);
    }

    private static int[] concat(int[] a, int[] b, int bLength) {
        int[] out = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, out, a.length, bLength);
        return out;
    }
}
