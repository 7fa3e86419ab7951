package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.RuntimeConfig;

/** The trained tiny model, run in Java, gets the sample images' known answers (images.json). */
class FixtureAnswersTest {
    static MedMoeModel model;
    static JsonNode images;

    @BeforeAll
    static void load() throws Exception {
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
        images = new ObjectMapper().readTree(TinyModel.dir().resolve("images.json").toFile()).get("images");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shouldClassifyEverySampleImagesModalityByTheRouterByScoringAndByGeneration() {
        for (JsonNode image : images) {
            // Given a sample image of known modality
            PixelTensor pixels = model.readImage(TinyModel.dir().resolve(image.get("file").asText()));
            String modality = image.get("modality").asText();
            // Then the router, the candidate scores and the generated answer all name it
            assertThat(model.classifyModality(pixels).top()).as(image.get("file").asText()).isEqualTo(modality);
            assertThat(model.scoreCandidates(pixels, "What modality is this?", List.of("ct", "mri", "pathology", "xray"))
                    .best()).as(image.get("file").asText()).isEqualTo(modality.toLowerCase());
            assertThat(model.generate(pixels, "What modality is this?", 4).text()).isEqualTo(modality.toLowerCase());
        }
    }

    @Test
    void shouldTellAbnormalFromNormalSampleImages() {
        for (JsonNode image : images) {
            PixelTensor pixels = model.readImage(TinyModel.dir().resolve(image.get("file").asText()));
            String expected = image.get("abnormal").asBoolean() ? "yes" : "no";
            assertThat(model.scoreCandidates(pixels, "Is there an abnormality?", List.of("yes", "no")).best())
                    .as(image.get("file").asText()).isEqualTo(expected);
        }
    }
}
