package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.runtime.RuntimeConfig;

/**
 * Java on ONNX Runtime against the PyTorch reference, run afresh on the committed weights: every
 * sample image with every fixture question, logits, tokens, expert choices, modality and candidate
 * probabilities.
 */
class ModelParityTest {
    static final String[] QUESTIONS = {"What modality is this?", "Is there an abnormality?",
        "Where is the abnormality?"};
    static final List<List<String>> CANDIDATES = List.of(List.of("ct", "mri", "pathology", "xray"),
            List.of("yes", "no"), List.of("left", "right", "none"));
    static final int MAX_NEW_TOKENS = 6;

    static MedMoeModel model;
    static List<ReferenceOracle.Case> cases = new ArrayList<>();
    static List<JsonNode> reference;

    @BeforeAll
    static void runReference() throws Exception {
        Path work = Files.createTempDirectory("medmoe-parity");
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
    }

    @Test
    void shouldGenerateTheReferenceTokensLogitsAndExpertChoicesForEveryCase() {
        for (int i = 0; i < cases.size(); i++) {
            ReferenceOracle.Case c = cases.get(i);
            JsonNode ref = reference.get(i);
            // Given the case's image, When generating with batch size 1
            GeneratedAnswer answer = model.generate(model.preprocessor().read(c.image()), c.question(), c.maxNewTokens());
            // Then everything matches the reference
            assertThat(answer.tokens()).as(c.id() + " tokens").containsExactly(ints(ref.get("tokens")));
            assertThat(answer.text()).as(c.id() + " text").isEqualTo(ref.get("text").asText());
            JsonNode logits = ref.get("prefillLastLogits");
            assertThat(answer.prefillLastLogits()).as(c.id() + " vocabulary").hasSize(logits.size());
            for (int v = 0; v < logits.size(); v++) {
                assertThat((double) answer.prefillLastLogits()[v]).as(c.id() + " logit " + v)
                        .isCloseTo(logits.get(v).asDouble(), within(1e-4));
            }
            JsonNode experts = ref.get("expertChoices");
            assertThat(answer.routing().chosenExperts()).hasSize(experts.size());
            for (int j = 0; j < experts.size(); j++) {
                assertThat(answer.routing().chosenExperts().get(j)).as(c.id() + " experts of MoE layer " + j)
                        .containsExactly(ints(experts.get(j)));
            }
            ref.get("modalityProbabilities").fields().forEachRemaining(e -> assertThat(
                    answer.routing().modality().probabilities().get(e.getKey()))
                    .as(c.id() + " modality " + e.getKey()).isCloseTo(e.getValue().asDouble(), within(1e-5)));
        }
    }

    @Test
    void shouldScoreCandidatesAsTheReferenceDoes() {
        for (int i = 0; i < cases.size(); i++) {
            ReferenceOracle.Case c = cases.get(i);
            JsonNode ref = reference.get(i);
            // When scoring the candidates in one batched pass
            CandidateScores scores = model.scoreCandidates(model.preprocessor().read(c.image()), c.question(),
                    c.candidates());
            // Then log-likelihoods and probabilities match
            for (String candidate : c.candidates()) {
                assertThat(scores.logLikelihoods().get(candidate)).as(c.id() + " log-likelihood of " + candidate)
                        .isCloseTo(ref.get("candidateLogLikelihoods").get(candidate).asDouble(), within(1e-4));
                assertThat(scores.probabilities().get(candidate)).as(c.id() + " probability of " + candidate)
                        .isCloseTo(ref.get("candidateProbabilities").get(candidate).asDouble(), within(1e-5));
            }
        }
    }

    @Test
    void shouldClassifyModalityLikeTheReferenceWithoutAQuestion() {
        for (int i = 0; i < cases.size(); i += QUESTIONS.length) {
            ReferenceOracle.Case c = cases.get(i);
            // When classifying the modality alone
            ModalityProbabilities modality = model.classifyModality(model.preprocessor().read(c.image()));
            // Then it equals the router average the reference reports with a question
            reference.get(i).get("modalityProbabilities").fields().forEachRemaining(e -> assertThat(
                    modality.probabilities().get(e.getKey())).as(c.id() + " " + e.getKey())
                    .isCloseTo(e.getValue().asDouble(), within(1e-5)));
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
