package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.RuntimeConfig;

/** Questions that share an image's vision run and prefix prefill answer as when asked one by one. */
class SharedPrefixTest {
    static MedMoeModel model;
    static final List<PixelTensor> IMAGES = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
        try (Stream<Path> files = Files.list(TinyModel.dir().resolve("images"))) {
            for (Path image : files.sorted().toList()) {
                IMAGES.add(model.readImage(image));
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static PixelTensor image(int i) {
        return IMAGES.get(i);
    }

    @Test
    void shouldAnswerAPromptSetPerImageAsOneByOne() {
        // Given three images, each with closed and open questions of different lengths and caps
        List<CandidateQuestion> closed = new ArrayList<>();
        List<Question> open = new ArrayList<>();
        for (int i : new int[] {0, 3, 6}) {
            closed.add(new CandidateQuestion(image(i), BatchingTest.QUESTIONS[0], List.of("ct", "mri", "pathology", "xray")));
            closed.add(new CandidateQuestion(image(i), BatchingTest.QUESTIONS[1], List.of("yes", "no")));
            open.add(new Question(image(i), BatchingTest.QUESTIONS[2], 2 + i % 4));
            open.add(new Question(image(i), BatchingTest.QUESTIONS[0], 5));
        }
        // When asked in one call, sharing each image's prefix
        SharedAnswers shared = model.answer(closed, open);
        // Then each closed question scores as scored alone
        assertThat(shared.closed()).hasSize(closed.size());
        for (int q = 0; q < closed.size(); q++) {
            CandidateScores alone = model.scoreCandidates(List.of(closed.get(q))).get(0);
            CandidateScores got = shared.closed().get(q);
            assertThat(got.logLikelihoods().keySet()).containsExactlyElementsOf(closed.get(q).candidates());
            for (String c : closed.get(q).candidates()) {
                assertThat(got.logLikelihoods().get(c)).as("closed " + q + " " + c)
                        .isCloseTo(alone.logLikelihoods().get(c), within(1e-4));
                assertThat(got.probabilities().get(c)).isCloseTo(alone.probabilities().get(c), within(1e-5));
            }
            assertSameRouting("closed " + q, got.routing(), alone.routing());
        }
        // And each open question generates as generated alone
        assertThat(shared.open()).hasSize(open.size());
        for (int q = 0; q < open.size(); q++) {
            GeneratedAnswer alone = model.generate(List.of(open.get(q))).get(0);
            GeneratedAnswer got = shared.open().get(q);
            assertThat(got.tokens()).as("tokens of open " + q).containsExactly(alone.tokens());
            assertThat(got.text()).isEqualTo(alone.text());
            assertThat(got.stoppedAtEos()).isEqualTo(alone.stoppedAtEos());
            for (int v = 0; v < alone.prefillLastLogits().length; v++) {
                assertThat(got.prefillLastLogits()[v]).isCloseTo(alone.prefillLastLogits()[v], within(1e-4f));
            }
            assertSameRouting("open " + q, got.routing(), alone.routing());
        }
        assertThat(shared.open().get(0).timings().batchSize()).isEqualTo(closed.size() + open.size());
    }

    @Test
    void shouldAnswerOnlyClosedOrOnlyOpenQuestions() {
        // Given one image asked only closed, another only open questions
        CandidateQuestion c = new CandidateQuestion(image(1), BatchingTest.QUESTIONS[3], List.of("yes", "no"));
        Question o = new Question(image(2), BatchingTest.QUESTIONS[1], 3);
        // When each is asked on its own
        SharedAnswers onlyClosed = model.answer(List.of(c), List.of());
        SharedAnswers onlyOpen = model.answer(List.of(), List.of(o));
        // Then each gives its answers and nothing else
        assertThat(onlyClosed.open()).isEmpty();
        assertThat(onlyClosed.closed().get(0).best()).isEqualTo(model.scoreCandidates(List.of(c)).get(0).best());
        assertThat(onlyOpen.closed()).isEmpty();
        assertThat(onlyOpen.open().get(0).tokens()).containsExactly(model.generate(List.of(o)).get(0).tokens());
        assertThat(model.answer(List.of(), List.of()).closed()).isEmpty();
    }

    @Test
    void shouldRefuseAQuestionThatDoesNotFitTheContext() {
        // Given a question far longer than the context
        String longQuestion = "is there an abnormality ".repeat(400);
        // When asked with a good one about the same image
        // Then the call fails, naming the cause
        assertThatThrownBy(() -> model.answer(List.of(), List.of(new Question(image(0), "What modality is this?", 3),
                new Question(image(0), longQuestion, 3))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too long");
    }

    private static void assertSameRouting(String what, Routing got, Routing alone) {
        assertThat(got.chosenExperts()).hasSameSizeAs(alone.chosenExperts());
        for (int j = 0; j < alone.chosenExperts().size(); j++) {
            assertThat(got.chosenExperts().get(j)).as("experts of " + what + " layer " + j)
                    .containsExactly(alone.chosenExperts().get(j));
        }
        alone.modality().probabilities().forEach((label, p) ->
                assertThat(got.modality().probabilities().get(label)).as(what + " " + label).isCloseTo(p, within(1e-5)));
    }
}
