package org.medmoe.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.FloatTensor;

/**
 * How a batch of questions is answered: each distinct image (the same {@link PixelTensor} instance)
 * runs through the vision encoder once and its prompt prefix (the template up to and including the
 * image) is prefilled once; the closed questions' candidates are then scored in one run and the open
 * questions prefilled in one run, all reading those prefixes in place, and the open ones decoded
 * greedily. Thread-safe (stateless besides the shared graphs).
 */
final class Answering {
    private final ModelGraphs graphs;
    private final PromptBuilder prompts;
    private final Prefiller prefiller;
    private final QuestionRows rows;
    private final GreedyDecoder decoder;
    private final PromptTokenizer tokenizer;
    private final int eos;

    Answering(ModelGraphs graphs, PromptBuilder prompts, PromptTokenizer tokenizer, ModelManifest manifest, int vocab) {
        this.graphs = graphs;
        this.prompts = prompts;
        this.tokenizer = tokenizer;
        this.prefiller = new Prefiller(graphs, manifest);
        this.rows = new QuestionRows(graphs, manifest, vocab);
        this.decoder = new GreedyDecoder(graphs, manifest, vocab);
        this.eos = manifest.prompt().eosTokenId();
    }

    /** Modality probabilities of each image: the prefix prefill alone. */
    List<ModalityProbabilities> classify(List<PixelTensor> images) {
        Prompt prefix = prompts.imageOnly();
        try (PrefixState state = prefill(images, prefix)) {
            List<ModalityProbabilities> out = new ArrayList<>();
            for (RoutingTrace trace : state.traces) {
                out.add(trace.routing(prefix.before().length, prefix.imageTokens()).modality());
            }
            return out;
        }
    }

    /**
     * Closed and open questions in one call; the answers do not depend on what else is in the batch.
     *
     * @param stopAtEos false makes every open question run to its cap (benchmarks)
     */
    SharedAnswers answer(List<CandidateQuestion> closed, List<Question> open, boolean stopAtEos) {
        if (closed.isEmpty() && open.isEmpty()) {
            return new SharedAnswers(List.of(), List.of());
        }
        Map<PixelTensor, Integer> index = new IdentityHashMap<>();
        List<PixelTensor> images = new ArrayList<>();
        int[] closedImage = new int[closed.size()];
        List<Prompt> closedPrompts = new ArrayList<>();
        int[][][] candidates = new int[closed.size()][][];
        for (int q = 0; q < closed.size(); q++) {
            CandidateQuestion question = closed.get(q);
            closedImage[q] = index.computeIfAbsent(question.image(), i -> add(images, i));
            candidates[q] = question.candidates().stream().map(prompts::candidateIds).toArray(int[][]::new);
            int longest = Arrays.stream(candidates[q]).mapToInt(c -> c.length).max().orElse(1);
            closedPrompts.add(prompts.build(question.text(), longest));
        }
        int[] openImage = new int[open.size()];
        int[] caps = new int[open.size()];
        List<Prompt> openPrompts = new ArrayList<>();
        for (int q = 0; q < open.size(); q++) {
            Question question = open.get(q);
            openImage[q] = index.computeIfAbsent(question.image(), i -> add(images, i));
            caps[q] = question.maxNewTokens();
            openPrompts.add(prompts.build(question.text(), caps[q]));
        }
        Prompt prefix = prompts.imageOnly();
        long t0 = System.nanoTime();
        FloatTensor features = graphs.encodeImages(images);
        long t1 = System.nanoTime();
        try (PrefixState prefixes = prefiller.prefixes(repeat(prefix, images.size()), features)) {
            long t2 = System.nanoTime();
            RoutingTrace[] closedTraces = new RoutingTrace[closed.size()];
            double[][] scores = closed.isEmpty() ? new double[0][]
                    : rows.score(prefixes, closedImage, closedPrompts, candidates, closedTraces);
            long t3 = System.nanoTime();
            Decoded decoded = open.isEmpty() ? Decoded.NONE : decode(prefixes, openImage, openPrompts, caps, stopAtEos);
            Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1 + decoded.prefillNanos), ms(t3 - t2 + decoded.decodeNanos),
                    decoded.steps + (closed.isEmpty() ? 0 : 1), closed.size() + open.size());
            List<CandidateScores> closedOut = new ArrayList<>();
            for (int q = 0; q < closed.size(); q++) {
                closedOut.add(scores(closed.get(q).candidates(), scores[q],
                        closedTraces[q].routing(prefix.before().length, prefix.imageTokens()), timings));
            }
            List<GeneratedAnswer> openOut = new ArrayList<>();
            for (int q = 0; q < open.size(); q++) {
                openOut.add(generated(decoded.tokens[q], stopAtEos, decoded.lastLogits[q],
                        decoded.traces[q].routing(prefix.before().length, prefix.imageTokens()), timings));
            }
            return new SharedAnswers(closedOut, openOut);
        }
    }

    private PrefixState prefill(List<PixelTensor> images, Prompt prefix) {
        return prefiller.prefixes(repeat(prefix, images.size()), graphs.encodeImages(images));
    }

    /** The open questions' tokens, prefill logits, routing and stage times. */
    private record Decoded(int[][] tokens, float[][] lastLogits, RoutingTrace[] traces, int steps, long prefillNanos,
            long decodeNanos) {
        static final Decoded NONE = new Decoded(new int[0][], new float[0][], new RoutingTrace[0], 0, 0, 0);
    }

    private Decoded decode(PrefixState prefixes, int[] image, List<Prompt> open, int[] caps, boolean stopAtEos) {
        long t0 = System.nanoTime();
        try (RowState state = rows.prefill(prefixes, image, open, caps)) {
            long t1 = System.nanoTime();
            int[][] tokens = new int[open.size()][];
            int steps = decoder.run(prefixes, state, caps, stopAtEos, tokens);
            return new Decoded(tokens, state.lastLogits, state.traces, steps, t1 - t0, System.nanoTime() - t1);
        }
    }

    private static List<Prompt> repeat(Prompt prompt, int n) {
        List<Prompt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prompt);
        }
        return out;
    }

    private static int add(List<PixelTensor> images, PixelTensor image) {
        images.add(image);
        return images.size() - 1;
    }

    /** An answer from its generated tokens (EOS, when reached, is kept in the tokens, not the text). */
    private GeneratedAnswer generated(int[] t, boolean stopAtEos, float[] lastLogits, Routing routing, Timings timings) {
        boolean atEos = stopAtEos && t.length > 0 && t[t.length - 1] == eos;
        int[] body = atEos ? Arrays.copyOf(t, t.length - 1) : t;
        return new GeneratedAnswer(tokenizer.decode(body), t, atEos, lastLogits, routing, timings);
    }

    /** Scores of one closed question from its candidates' log-likelihoods. */
    private static CandidateScores scores(List<String> candidates, double[] logLikelihoods, Routing routing,
            Timings timings) {
        double[] probs = LogProbs.probabilities(logLikelihoods);
        Map<String, Double> ll = new LinkedHashMap<>();
        Map<String, Double> p = new LinkedHashMap<>();
        for (int c = 0; c < probs.length; c++) {
            ll.put(candidates.get(c), logLikelihoods[c]);
            p.put(candidates.get(c), probs[c]);
        }
        return new CandidateScores(ll, p, routing, timings);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
