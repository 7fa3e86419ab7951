package org.medmoe.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medmoe.runtime.RuntimeConfig;

/**
 * The exporter round trip: a synthetic checkpoint with the released key names and config layout
 * (tools/make_synthetic_checkpoint.py) -> tools/export_onnx.py -> this runtime, against PyTorch on
 * the same checkpoint. Both decoder variants; top-2 routing on one of them.
 */
class ExporterRoundTripTest {
    static final List<String> IMAGES = List.of("01-ct-left.png", "06-xray-none.png");

    @ParameterizedTest(name = "{0}, top-{1}")
    @CsvSource({"phi2, 1", "stablelm, 2"})
    void shouldAnswerAsPyTorchOnAnExportedSyntheticCheckpoint(String variant, int topK, @TempDir Path work)
            throws Exception {
        // Given a synthetic checkpoint exported to a model directory
        Path checkpoint = work.resolve("checkpoint");
        Path exported = work.resolve("model");
        ReferenceOracle.requireTorch();
        ReferenceOracle.runPython(work, "tools/make_synthetic_checkpoint.py", "--out", checkpoint.toString(),
                "--variant", variant);
        ReferenceOracle.runPython(work, "tools/export_onnx.py", "--checkpoint", checkpoint.toString(), "--out",
                exported.toString(), "--with-reference", "--top-k", Integer.toString(topK));
        List<ReferenceOracle.Case> cases = IMAGES.stream().map(image -> new ReferenceOracle.Case(image,
                TinyModel.image(image), "Is there an abnormality?", 5, List.of("yes", "no"))).toList();
        List<JsonNode> reference = ReferenceOracle.run(exported, cases, work);
        // When the Java runtime loads the export and answers the same cases
        try (MedMoeModel model = MedMoeModel.load(exported, RuntimeConfig.cpu(1))) {
            for (int i = 0; i < cases.size(); i++) {
                ReferenceOracle.Case c = cases.get(i);
                PixelTensor pixels = model.preprocessor().read(c.image());
                // Then generation and candidate scores match PyTorch
                ParityAssertions.assertGenerationMatches(variant + " " + c.id(),
                        model.generate(pixels, c.question(), c.maxNewTokens()), reference.get(i));
                ParityAssertions.assertScoresMatch(variant + " " + c.id(),
                        model.scoreCandidates(pixels, c.question(), c.candidates()), reference.get(i));
            }
            if (topK == 2) {
                org.assertj.core.api.Assertions.assertThat(model.manifest().moe().topK()).isEqualTo(2);
            }
        }
    }
}
