package org.medmoe.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.OrtRuntime;
import org.medmoe.runtime.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Med-MoE model directory: the API the service calls. {@link #load} verifies the manifest,
 * the files' SHA-256 and the graphs' inputs and outputs before anything runs. Every method is
 * thread-safe and may be called concurrently (each call has its own KV cache; the sessions are
 * shared). A list passed to a method runs as one batch (left-padded; the answers equal batch size 1).
 * Close it on shutdown: it closes the tokenizer, and the runtime when it started it itself (on a
 * shared runtime the sessions belong to the runtime and close with it, also when loading failed).
 */
public final class MedMoeModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MedMoeModel.class);

    private final ModelManifest manifest;
    private final OrtRuntime runtime;
    private final boolean ownsRuntime;
    private final PromptTokenizer tokenizer;
    private final PromptBuilder prompts;
    private final ModelGraphs graphs;
    private final Prefiller prefiller;
    private final GreedyDecoder decoder;
    private final CandidateScorer scorer;
    private final SharedPrefix shared;
    private final ImagePreprocessor preprocessor;
    private final ModelInfo info;

    private MedMoeModel(Path dir, ModelManifest manifest, OrtRuntime runtime, boolean ownsRuntime) {
        this.manifest = manifest;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.graphs = new ModelGraphs(runtime, dir, manifest);
        this.tokenizer = PromptTokenizer.load(dir.resolve(GraphNames.TOKENIZER_FILE));
        try {
            checkEos(dir);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.prompts = new PromptBuilder(manifest, tokenizer);
        this.prefiller = new Prefiller(graphs, manifest);
        this.decoder = new GreedyDecoder(graphs, prefiller, manifest);
        this.scorer = new CandidateScorer(graphs, prompts, manifest);
        this.shared = new SharedPrefix(graphs, prefiller, manifest);
        this.preprocessor = new ImagePreprocessor(manifest);
        Map<String, String> hashes = new LinkedHashMap<>();
        manifest.files().forEach((file, entry) -> hashes.put(file, entry.sha256()));
        this.info = new ModelInfo(manifest.name(), manifest.version(), manifest.variant(), manifest.dtype(), hashes,
                runtime.provider().name(), runtime.version());
    }

    /**
     * Loads {@code dir} on a runtime of its own, started from {@code config} and closed with the model.
     *
     * @throws ModelLoadException the directory, a file, its hash or a graph does not match the manifest
     * @throws org.medmoe.runtime.RuntimeStartException ONNX Runtime or a requested provider failed
     */
    public static MedMoeModel load(Path dir, RuntimeConfig config) {
        ModelManifest manifest = verified(dir);
        OrtRuntime runtime = OrtRuntime.start(config);
        try {
            return loaded(new MedMoeModel(dir, manifest, runtime, true));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Loads {@code dir} on a shared runtime; the caller keeps owning (and closes) {@code runtime}. */
    public static MedMoeModel load(Path dir, OrtRuntime runtime) {
        return loaded(new MedMoeModel(dir, verified(dir), runtime, false));
    }

    private static ModelManifest verified(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory not found: " + dir);
        }
        ModelManifest manifest = ManifestReader.read(dir);
        for (String required : List.of(GraphNames.VISION_FILE, GraphNames.EMBED_FILE, GraphNames.DECODER_FILE,
                GraphNames.TOKENIZER_FILE)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new ModelLoadException("model file " + dir.resolve(required) + " is missing");
            }
            if (!manifest.files().containsKey(required)) {
                throw new ModelLoadException(ManifestReader.FILE + " in " + dir + " lists no SHA-256 for " + required);
            }
        }
        FileIntegrity.verify(dir, manifest);
        return manifest;
    }

    private static MedMoeModel loaded(MedMoeModel model) {
        LOG.info("Loaded model {} {} ({}, {}) on {}", model.info.name(), model.info.version(), model.info.variant(),
                model.info.dtype(), model.info.executionProvider());
        return model;
    }

    private void checkEos(Path dir) {
        int[] ids = tokenizer.encode(manifest.prompt().eosToken());
        if (ids.length != 1 || ids[0] != manifest.prompt().eosTokenId()) {
            throw new ModelLoadException("tokenizer in " + dir + " encodes " + manifest.prompt().eosToken() + " as "
                    + Arrays.toString(ids) + ", the manifest says " + manifest.prompt().eosTokenId());
        }
    }

    /** Provenance: names, hashes, provider. */
    public ModelInfo info() {
        return info;
    }

    /** The manifest the model was loaded with. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The pre-processing this model expects, for PNG/JPEG or in-memory images. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Modality probabilities of one image. */
    public ModalityProbabilities classifyModality(PixelTensor image) {
        return classifyModality(List.of(image)).get(0);
    }

    /** Modality probabilities of each image: prefill of the prompt up to the image, no question needed. */
    public List<ModalityProbabilities> classifyModality(List<PixelTensor> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        Prompt prompt = prompts.imageOnly();
        FloatTensor features = graphs.encodeImages(images);
        List<Prompt> rows = new ArrayList<>();
        images.forEach(i -> rows.add(prompt));
        try (PrefillState state = prefiller.run(rows, features, 0, false)) {
            List<ModalityProbabilities> out = new ArrayList<>();
            for (RoutingTrace trace : state.traces) {
                out.add(trace.routing(prompt.before().length, prompt.imageTokens()).modality());
            }
            return out;
        }
    }

    /** Greedy answer to one question. */
    public GeneratedAnswer generate(PixelTensor image, String question, int maxNewTokens) {
        return generate(List.of(new Question(image, question, maxNewTokens))).get(0);
    }

    /**
     * Greedy answers, one batch.
     *
     * @throws InvalidInputException an image has the wrong shape or a question does not fit the context
     */
    public List<GeneratedAnswer> generate(List<Question> questions) {
        return generate(questions, true);
    }

    /**
     * Greedy answers, one batch; with {@code stopAtEos} false every row runs to its cap (for
     * benchmarks that need a fixed number of decoding steps).
     */
    public List<GeneratedAnswer> generate(List<Question> questions, boolean stopAtEos) {
        if (questions.isEmpty()) {
            return List.of();
        }
        List<Prompt> rows = new ArrayList<>();
        int[] caps = new int[questions.size()];
        List<PixelTensor> images = new ArrayList<>();
        int longest = 0;
        for (int b = 0; b < questions.size(); b++) {
            Question q = questions.get(b);
            rows.add(prompts.build(q.text(), q.maxNewTokens()));
            caps[b] = q.maxNewTokens();
            images.add(q.image());
            longest = Math.max(longest, caps[b]);
        }
        long t0 = System.nanoTime();
        FloatTensor features = graphs.encodeImages(images);
        long t1 = System.nanoTime();
        try (PrefillState state = prefiller.run(rows, features, longest)) {
            long t2 = System.nanoTime();
            int[][] tokens = new int[rows.size()][];
            int steps = decoder.run(state, caps, stopAtEos, tokens);
            long t3 = System.nanoTime();
            Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), steps, rows.size());
            List<GeneratedAnswer> out = new ArrayList<>();
            for (int b = 0; b < rows.size(); b++) {
                out.add(answer(tokens[b], stopAtEos, state.lastLogits[b],
                        state.traces[b].routing(rows.get(b).before().length, rows.get(b).imageTokens()), timings));
            }
            return out;
        }
    }

    /** Candidate probabilities for one closed question. */
    public CandidateScores scoreCandidates(PixelTensor image, String question, List<String> candidates) {
        return scoreCandidates(List.of(new CandidateQuestion(image, question, candidates))).get(0);
    }

    /**
     * Candidate log-likelihoods and probabilities, one batch (one prefill run and one scoring run).
     *
     * @throws InvalidInputException an image has the wrong shape or a question does not fit the context
     */
    public List<CandidateScores> scoreCandidates(List<CandidateQuestion> questions) {
        if (questions.isEmpty()) {
            return List.of();
        }
        List<Prompt> rows = new ArrayList<>();
        List<List<String>> candidates = new ArrayList<>();
        List<PixelTensor> images = new ArrayList<>();
        for (CandidateQuestion q : questions) {
            int longest = q.candidates().stream().mapToInt(c -> prompts.candidateIds(c).length).max().orElse(1);
            rows.add(prompts.build(q.text(), longest));
            candidates.add(q.candidates());
            images.add(q.image());
        }
        long t0 = System.nanoTime();
        FloatTensor features = graphs.encodeImages(images);
        long t1 = System.nanoTime();
        try (PrefillState state = prefiller.run(rows, features, 0)) {
            long t2 = System.nanoTime();
            double[][] scores = scorer.score(state, candidates);
            long t3 = System.nanoTime();
            Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), 1, rows.size());
            List<CandidateScores> out = new ArrayList<>();
            for (int b = 0; b < rows.size(); b++) {
                out.add(scores(candidates.get(b), scores[b],
                        state.traces[b].routing(rows.get(b).before().length, rows.get(b).imageTokens()), timings));
            }
            return out;
        }
    }

    /**
     * Closed and open questions in one call, where questions about the same image share its work: each
     * distinct image (the same {@link PixelTensor} instance) runs through the vision encoder once and
     * its prompt prefix (the template up to and including the image) is prefilled once; every question
     * then runs only its own text after that prefix. This is how a prompt set is asked of an image;
     * the answers equal those of {@link #scoreCandidates} and {@link #generate} (the prefix's cache
     * does not depend on what follows it). Every answer reports the call's stage times: vision, the
     * prefill of prefixes and open questions, then scoring and decoding.
     *
     * @throws InvalidInputException an image has the wrong shape or a question does not fit the context
     */
    public SharedAnswers answer(List<CandidateQuestion> closed, List<Question> open) {
        return answer(closed, open, true);
    }

    /**
     * As {@link #answer(List, List)}; with {@code stopAtEos} false every open question runs to its
     * cap (for benchmarks that need a fixed number of decoding steps).
     */
    public SharedAnswers answer(List<CandidateQuestion> closed, List<Question> open, boolean stopAtEos) {
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
            closedImage[q] = index.computeIfAbsent(question.image(), i -> indexOf(images, i));
            candidates[q] = question.candidates().stream().map(prompts::candidateIds).toArray(int[][]::new);
            int longest = Arrays.stream(candidates[q]).mapToInt(c -> c.length).max().orElse(1);
            closedPrompts.add(prompts.build(question.text(), longest));
        }
        int[] openImage = new int[open.size()];
        int[] caps = new int[open.size()];
        List<Prompt> openPrompts = new ArrayList<>();
        for (int q = 0; q < open.size(); q++) {
            Question question = open.get(q);
            openImage[q] = index.computeIfAbsent(question.image(), i -> indexOf(images, i));
            caps[q] = question.maxNewTokens();
            openPrompts.add(prompts.build(question.text(), caps[q]));
        }
        Prompt prefix = prompts.imageOnly();
        long t0 = System.nanoTime();
        FloatTensor features = graphs.encodeImages(images);
        long t1 = System.nanoTime();
        List<Prompt> prefixRows = new ArrayList<>();
        images.forEach(i -> prefixRows.add(prefix));
        try (PrefillState prefixes = prefiller.run(prefixRows, features, 0, false)) {
            long t2 = System.nanoTime();
            RoutingTrace[] closedTraces = new RoutingTrace[closed.size()];
            double[][] scores = closed.isEmpty() ? new double[0][]
                    : shared.score(prefixes, closedImage, closedPrompts, candidates, closedTraces);
            long t3 = System.nanoTime();
            long openPrefill = 0;
            long openDecode = 0;
            int steps = 0;
            int[][] tokens = new int[open.size()][];
            GeneratedAnswer[] answers = new GeneratedAnswer[open.size()];
            if (!open.isEmpty()) {
                long t4 = System.nanoTime();
                try (PrefillState state = shared.prefill(prefixes, openImage, openPrompts, caps)) {
                    long t5 = System.nanoTime();
                    steps = decoder.run(state, caps, stopAtEos, tokens);
                    openPrefill = t5 - t4;
                    openDecode = System.nanoTime() - t5;
                    for (int q = 0; q < open.size(); q++) {
                        answers[q] = answer(tokens[q], stopAtEos, state.lastLogits[q], state.traces[q].routing(
                                prefix.before().length, prefix.imageTokens()), null);
                    }
                }
            }
            Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1 + openPrefill), ms(t3 - t2 + openDecode),
                    steps + (closed.isEmpty() ? 0 : 1), closed.size() + open.size());
            List<CandidateScores> closedOut = new ArrayList<>();
            for (int q = 0; q < closed.size(); q++) {
                closedOut.add(scores(closed.get(q).candidates(), scores[q],
                        closedTraces[q].routing(prefix.before().length, prefix.imageTokens()), timings));
            }
            List<GeneratedAnswer> openOut = new ArrayList<>();
            for (GeneratedAnswer a : answers) {
                openOut.add(new GeneratedAnswer(a.text(), a.tokens(), a.stoppedAtEos(), a.prefillLastLogits(),
                        a.routing(), timings));
            }
            return new SharedAnswers(closedOut, openOut);
        }
    }

    private static int indexOf(List<PixelTensor> images, PixelTensor image) {
        images.add(image);
        return images.size() - 1;
    }

    /** An answer from its generated tokens (EOS, when reached, is kept in the tokens, not the text). */
    private GeneratedAnswer answer(int[] t, boolean stopAtEos, float[] lastLogits, Routing routing, Timings timings) {
        int eos = manifest.prompt().eosTokenId();
        boolean atEos = stopAtEos && t.length > 0 && t[t.length - 1] == eos;
        int[] body = atEos ? Arrays.copyOf(t, t.length - 1) : t;
        return new GeneratedAnswer(tokenizer.decode(body), t, atEos, lastLogits, routing, timings);
    }

    /** Scores of one closed question from its candidates' log-likelihoods. */
    private static CandidateScores scores(List<String> candidates, double[] logLikelihoods, Routing routing,
            Timings timings) {
        double[] probs = CandidateScorer.probabilities(logLikelihoods);
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

    @Override
    public void close() {
        tokenizer.close();
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
