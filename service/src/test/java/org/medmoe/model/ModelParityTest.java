package org.medmoe.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.runtime.RuntimeConfig;

/**
 * Java on ONNX Runtime against the PyTorch reference, run afresh on the committed weights: every
 * sample image with every fixture question, logits, tokens, expert choices, modality and candidate
 * probabilities.
 */
class ModelParityTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelParityTest.class);
    static final String[] QUESTIONS = {"What modality is this?", "Is there an abnormality?",
        "Where is the abnormality?"};
    static final List<List<String>> CANDIDATES = List.of(List.of("ct", "mri", "pathology", "xray"),
            List.of("yes", "no"), List.of("left", "right", "none"));
    static final int MAX_NEW_TOKENS = 6;

    @TempDir
    static Path work;
    static MedMoeModel model;
    static List<ReferenceOracle.Case> cases = new ArrayList<>();
    static List<JsonNode> reference;

    @BeforeAll
    static void runReference() throws Exception {
        try (var images = Files.list(TinyModel.dir().resolve("images"))) {
            for (Path image : images.sorted().toList()) {
                for (int q = 0; q < QUESTIONS.length; q++) {
                    cases.add(new ReferenceOracle.Case(image.getFileName() + "#" + q, image, QUESTIONS[q],
                            MAX_NEW_TOKENS, CANDIDATES.get(q)));
                }
            }
        }
        reference = ReferenceOracle.run(TinyModel.dir(), cases, work);
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        LOG.info("Parity on {} cases: max |logit difference| {}", cases.size(), ParityAssertions.maxLogitDifference());
    }

    @Test
    void shouldGenerateTheReferenceTokensLogitsAndExpertChoicesForEveryCase() {
        for (int i = 0; i < cases.size(); i++) {
            ReferenceOracle.Case c = cases.get(i);
            // Given the case's image, When generating with batch size 1
            GeneratedAnswer answer = model.generate(model.readImage(c.image()), c.question(),
                    c.maxNewTokens());
            // Then tokens, logits, expert choices and modality match the reference
            ParityAssertions.assertGenerationMatches(c.id(), answer, reference.get(i));
        }
    }

    @Test
    void shouldScoreCandidatesAsTheReferenceDoes() {
        for (int i = 0; i < cases.size(); i++) {
            ReferenceOracle.Case c = cases.get(i);
            // When scoring the candidates in one batched pass
            CandidateScores scores = model.scoreCandidates(model.readImage(c.image()), c.question(),
                    c.candidates());
            // Then log-likelihoods and probabilities match
            ParityAssertions.assertScoresMatch(c.id(), scores, reference.get(i));
        }
    }

    @Test
    void shouldClassifyModalityLikeTheReferenceWithoutAQuestion() {
        for (int i = 0; i < cases.size(); i += QUESTIONS.length) {
            ReferenceOracle.Case c = cases.get(i);
            // When classifying the modality alone
            ModalityProbabilities modality = model.classifyModality(model.readImage(c.image()));
            // Then it equals the router average the reference reports with a question
            ParityAssertions.assertModalityMatches(c.id(), modality, reference.get(i));
        }
    }

    @Test
    void shouldGiveTheReferenceAnswersWhenTheWholeSetRunsAsOneBatch() {
        // Given all cases as one batch of questions
        List<Question> questions = new ArrayList<>();
        for (ReferenceOracle.Case c : cases) {
            questions.add(new Question(model.readImage(c.image()), c.question(), c.maxNewTokens()));
        }
        // When generated together
        List<GeneratedAnswer> answers = model.generate(questions);
        // Then each matches its reference
        for (int i = 0; i < cases.size(); i++) {
            ParityAssertions.assertGenerationMatches(cases.get(i).id() + " (batched)", answers.get(i), reference.get(i));
        }
    }
}
