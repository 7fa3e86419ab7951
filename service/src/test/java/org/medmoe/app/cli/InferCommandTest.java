package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.medmoe.model.TinyModel;
import org.medmoe.testing.cli.CapturedCommandLine;
import picocli.CommandLine;

/** {@code medmoe infer} prints one JSON document per call, or a clear error. */
class InferCommandTest {
    private final CapturedCommandLine cli = new CapturedCommandLine(() -> new CommandLine(new InferCommand()));


    @Test
    void shouldPrintTheAnswerModalityRoutingAndTimingsAsJson() throws Exception {
        // When asking an open question of the tiny model
        int code = cli.run("--model", TinyModel.dir().toString(), "--image",
                TinyModel.image("01-ct-left.png").toString(), "--question", "Where is the abnormality?",
                "--max-new-tokens", "4", "--threads", "1");
        // Then the JSON carries every part
        assertThat(code).as(cli.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.get("model").get("name").asText()).isEqualTo("medmoe-tiny-phi2");
        assertThat(json.get("answer").isTextual()).isTrue();
        assertThat(json.get("tokens").size()).isBetween(1, 4);
        double total = 0;
        for (JsonNode p : json.get("modalityProbabilities")) {
            total += p.asDouble();
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(json.get("modalityProbabilities").has(json.get("modality").asText())).isTrue();
        assertThat(json.get("routing")).hasSize(2);
        assertThat(json.get("routing").get(0).get("layer").asInt()).isZero();
        assertThat(json.get("routing").get(1).get("layer").asInt()).isEqualTo(2);
        assertThat(json.get("timings").get("prefillMs").asDouble()).isPositive();
    }

    @Test
    void shouldPrintCandidateProbabilitiesWithTheBundledModelWhenNoModelIsGiven() throws Exception {
        // Given the launcher's home property pointing at the repository
        try (MedmoeHome ignored = MedmoeHome.set(TinyModel.projectDir())) {
            // When scoring candidates without --model
            int code = cli.run("--image", TinyModel.image("03-mri-right.png").toString(), "--question",
                    "Is there an abnormality?", "--candidates", "yes,no", "--threads", "1");
            // Then the probabilities of both candidates sum to one
            assertThat(code).as(cli.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(cli.out());
            JsonNode probs = json.get("candidateProbabilities");
            assertThat(probs.get("yes").asDouble() + probs.get("no").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(json.get("answer").asText()).isIn("yes", "no");
        }
    }

    @Test
    void shouldExplainAMissingImageWithExitCodeTwo() {
        int code = cli.run("--model", TinyModel.dir().toString(), "--image", Path.of("no-such.png").toString(),
                "--question", "What modality is this?");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("medmoe infer: image file not found");
        assertThat(cli.out()).isEmpty();
    }
}
