package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.RuntimeConfig;

/** Batches (left-padded, different lengths and caps) give the answers of batch size 1. */
class BatchingTest {
    static final String[] QUESTIONS = {"What modality is this?", "Is there an abnormality?",
        "Where is the abnormality? Is there an abnormality on the left or on the right?",
        "Is this ct?"};

    static MedMoeModel model;
    static List<PixelTensor> images = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
        try (var files = Files.list(TinyModel.dir().resolve("images"))) {
            for (Path image : files.sorted().toList()) {
                images.add(model.readImage(image));
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static List<Question> eightQuestions() {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            questions.add(new Question(images.get(i), QUESTIONS[i % QUESTIONS.length], 2 + i % 5));
        }
        return questions;
    }

    @Test
    void shouldGiveTheSameAnswersInABatchOfEightAsOneByOne() {
        // Given eight questions of different lengths and caps
        List<Question> questions = eightQuestions();
        // When answered as one batch and one by one
        List<GeneratedAnswer> batched = model.generate(questions);
        for (int i = 0; i < questions.size(); i++) {
            GeneratedAnswer single = model.generate(List.of(questions.get(i))).get(0);
            // Then tokens, expert choices and logits agree
            assertThat(batched.get(i).tokens()).as("tokens of " + i).containsExactly(single.tokens());
            assertThat(batched.get(i).text()).isEqualTo(single.text());
            for (int j = 0; j < single.routing().chosenExperts().size(); j++) {
                assertThat(batched.get(i).routing().chosenExperts().get(j)).as("experts of " + i)
                        .containsExactly(single.routing().chosenExperts().get(j));
            }
            for (int v = 0; v < single.prefillLastLogits().length; v++) {
                assertThat(batched.get(i).prefillLastLogits()[v]).isCloseTo(single.prefillLastLogits()[v], within(1e-4f));
            }
            assertThat(batched.get(i).timings().batchSize()).isEqualTo(8);
        }
    }

    @Test
    void shouldStopEveryRowAtItsOwnCap() {
        // Given rows with caps 1 and 3
        List<Question> questions = List.of(new Question(images.get(0), QUESTIONS[0], 1),
                new Question(images.get(1), QUESTIONS[1], 3));
        // When generated together
        List<GeneratedAnswer> answers = model.generate(questions);
        // Then no row exceeds its cap
        assertThat(answers.get(0).tokens().length).isEqualTo(1);
        assertThat(answers.get(1).tokens().length).isBetween(1, 3);
    }

    @Test
    void shouldScoreCandidatesInABatchAsOneByOne() {
        // Given closed questions with candidate lists of different sizes
        List<CandidateQuestion> questions = List.of(
                new CandidateQuestion(images.get(0), QUESTIONS[0], List.of("ct", "mri", "pathology", "xray")),
                new CandidateQuestion(images.get(3), QUESTIONS[2], List.of("left", "right", "none")),
                new CandidateQuestion(images.get(5), QUESTIONS[1], List.of("yes", "no")));
        // When scored as one batch
        List<CandidateScores> batched = model.scoreCandidates(questions);
        // Then each equals its own scoring
        for (int i = 0; i < questions.size(); i++) {
            CandidateScores single = model.scoreCandidates(List.of(questions.get(i))).get(0);
            for (String candidate : questions.get(i).candidates()) {
                assertThat(batched.get(i).logLikelihoods().get(candidate)).as(i + " " + candidate)
                        .isCloseTo(single.logLikelihoods().get(candidate), within(1e-4));
            }
        }
    }

    @Test
    void shouldAnswerConcurrentCallersWithTheirOwnResults() throws Exception {
        // Given one shared model and four threads
        List<Question> questions = eightQuestions();
        List<GeneratedAnswer> expected = new ArrayList<>();
        for (Question q : questions) {
            expected.add(model.generate(List.of(q)).get(0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // When they ask at the same time
            List<Future<GeneratedAnswer>> futures = new ArrayList<>();
            for (Question q : questions) {
                futures.add(pool.submit(() -> model.generate(List.of(q)).get(0)));
            }
            // Then each gets its own answer
            for (int i = 0; i < questions.size(); i++) {
                assertThat(futures.get(i).get().tokens()).containsExactly(expected.get(i).tokens());
            }
        } finally {
            pool.shutdown();
        }
    }
}
