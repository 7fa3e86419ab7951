package org.medmoe.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.imaging.ImageFiles;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.runtime.OrtRuntime;
import org.medmoe.runtime.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Med-MoE model directory: the API the service calls. {@link #load} verifies the manifest,
 * the files' sizes and SHA-256 (a file is hashed only when it changed since it was last verified,
 * see docs/model-runtime.md) and the graphs' inputs and outputs before anything runs. Every method is
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
    private final Answering answering;
    private final Preprocessor preprocessor;
    private final ModelInfo info;

    private MedMoeModel(Path dir, ModelManifest manifest, OrtRuntime runtime, boolean ownsRuntime) {
        this.manifest = manifest;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        ModelGraphs graphs = new ModelGraphs(runtime, dir, manifest);
        this.tokenizer = PromptTokenizer.forModel(dir, manifest);
        try {
            checkEos(dir);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.answering = new Answering(graphs, new PromptBuilder(manifest, tokenizer), tokenizer, manifest,
                usableVocabulary(manifest));
        this.preprocessor = new Preprocessor(preprocessSpec(manifest));
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
        for (String required : GraphNames.requiredFiles(manifest)) {
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

    /** The pre-processing this model's manifest describes: images and decoded frames to its input tensors. */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * A PNG or JPEG file as this model's input.
     *
     * @throws InvalidInputException the file is missing or not an image that can be decoded
     */
    public PixelTensor readImage(Path file) {
        try {
            return preprocessor.tensor(ImageFiles.read(file));
        } catch (IOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /** The pre-processing {@code manifest} describes: size, crop or pad, pad colour, mean and std. */
    public static PreprocessSpec preprocessSpec(ModelManifest manifest) {
        ModelManifest.Image image = manifest.image();
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = image.mean().get(c).floatValue();
            std[c] = image.std().get(c).floatValue();
        }
        int[] pad = image.padFill().stream().mapToInt(Integer::intValue).toArray();
        return new PreprocessSpec(image.size(), "pad".equals(image.fit()) ? PreprocessSpec.Fit.PAD
                : PreprocessSpec.Fit.CROP, pad, mean, std);
    }

    /** Modality probabilities of one image. */
    public ModalityProbabilities classifyModality(PixelTensor image) {
        return classifyModality(List.of(image)).get(0);
    }

    /** Modality probabilities of each image: prefill of the prompt up to the image, no question needed. */
    public List<ModalityProbabilities> classifyModality(List<PixelTensor> images) {
        return images.isEmpty() ? List.of() : answering.classify(images);
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
     * Greedy answers, one batch; with {@code stopAtEos} false every row runs to its cap. Not part of
     * the API: the benchmarks, which need a fixed number of decoding steps, reach it from this
     * package ({@code FixedLengthAnswers}, in the tools module).
     */
    List<GeneratedAnswer> generate(List<Question> questions, boolean stopAtEos) {
        return answering.answer(List.of(), questions, stopAtEos).open();
    }

    /** Candidate probabilities for one closed question. */
    public CandidateScores scoreCandidates(PixelTensor image, String question, List<String> candidates) {
        return scoreCandidates(List.of(new CandidateQuestion(image, question, candidates))).get(0);
    }

    /**
     * Candidate log-likelihoods and probabilities, one batch.
     *
     * @throws InvalidInputException an image has the wrong shape or a question does not fit the context
     */
    public List<CandidateScores> scoreCandidates(List<CandidateQuestion> questions) {
        return answering.answer(questions, List.of(), true).closed();
    }

    /**
     * Closed and open questions in one call, where questions about the same image share its work: each
     * distinct image (the same {@link PixelTensor} instance) runs through the vision encoder once and
     * its prompt prefix (the template up to and including the image) is prefilled once; every question
     * then runs only its own text after that prefix, whose cache it reads in place. This is how a prompt
     * set is asked of an image. Every answer reports the call's stage times: vision, the prefill of
     * prefixes and open questions, then scoring and decoding.
     *
     * @throws InvalidInputException an image has the wrong shape or a question does not fit the context
     */
    public SharedAnswers answer(List<CandidateQuestion> closed, List<Question> open) {
        return answer(closed, open, true);
    }

    /**
     * As {@link #answer(List, List)}; with {@code stopAtEos} false every open question runs to its
     * cap. Not part of the API: see {@link #generate(List, boolean)}.
     */
    SharedAnswers answer(List<CandidateQuestion> closed, List<Question> open, boolean stopAtEos) {
        return answering.answer(closed, open, stopAtEos);
    }

    /** Ids that may be generated or scored: the tokenizer's, at most the model's vocabulary. */
    static int usableVocabulary(ModelManifest manifest) {
        int vocab = manifest.decoder().vocabSize();
        ModelManifest.Tokenizer t = manifest.tokenizer();
        return t != null && t.size() > 0 ? Math.min(t.size(), vocab) : vocab;
    }

    @Override
    public void close() {
        tokenizer.close();
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
