package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.RuntimeConfig;

/** Requests the model cannot answer fail with an {@link InvalidInputException} that says why. */
class BadInputTest {
    static MedMoeModel model;
    static PixelTensor image;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() {
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
        image = model.readImage(TinyModel.image("00-ct-none.png"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shouldRefuseAnImageTensorOfTheWrongSize() {
        PixelTensor small = new PixelTensor(new float[3 * 32 * 32], 3, 32, 32);
        assertThatThrownBy(() -> model.generate(small, "What modality is this?", 4))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs a 3-channel 64x64 image tensor, got 3 channel(s) of 32x32");
    }

    @Test
    void shouldRefuseAnImageTensorWithOneChannel() {
        PixelTensor grey = new PixelTensor(new float[64 * 64], 1, 64, 64);
        assertThatThrownBy(() -> model.classifyModality(grey))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("got 1 channel(s)");
    }

    @Test
    void shouldRefuseATensorWhoseDataDoesNotFillItsShape() {
        assertThatThrownBy(() -> new PixelTensor(new float[10], 3, 64, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 12288 values, got 10");
    }

    @Test
    void shouldRefuseAQuestionLongerThanTheContext() {
        String question = "is there an abnormality ? ".repeat(120);
        assertThatThrownBy(() -> model.generate(image, question, 4))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the question is too long")
                .hasMessageContaining("the context holds 512");
    }

    @Test
    void shouldRefuseAnEmptyCandidateList() {
        assertThatThrownBy(() -> model.scoreCandidates(image, "Is there an abnormality?", List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the candidate list is empty");
    }

    @Test
    void shouldRefuseDuplicateOrBlankCandidates() {
        assertThatThrownBy(() -> model.scoreCandidates(image, "Is there an abnormality?", List.of("yes", "yes")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not distinct");
        assertThatThrownBy(() -> model.scoreCandidates(image, "Is there an abnormality?", List.of("yes", " ")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
    }

    @Test
    void shouldRefuseABlankQuestionAndAZeroTokenCap() {
        assertThatThrownBy(() -> model.generate(image, "  ", 4))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the question is empty");
        assertThatThrownBy(() -> model.generate(image, "What modality is this?", 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxNewTokens must be at least 1");
    }

    @Test
    void shouldRefuseAMissingOrUndecodableImageFile() throws Exception {
        Path text = Files.writeString(temp.resolve("not-an-image.png"), "hello");
        assertThatThrownBy(() -> model.readImage(temp.resolve("missing.png")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("image file not found");
        assertThatThrownBy(() -> model.readImage(text))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not a PNG or JPEG image");
    }
}
