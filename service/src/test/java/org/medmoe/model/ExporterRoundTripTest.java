package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.RuntimeConfig;

/**
 * The exporter round trip: a random checkpoint in the released layout, written from the layout lists
 * (tools/make_synthetic_checkpoint.py: sharded bf16 safetensors, the reference code's config.json
 * with a null EOS for Phi2, an embedding padded beyond the tokenizer) -> tools/export_onnx.py in each
 * dtype -> this runtime, against PyTorch on the same checkpoint. Both decoder variants, top-1 and
 * top-2, with and without the residual MoE, safetensors and pytorch_model.bin, sparse and dense MoE,
 * external data. Quantized exports are compared with the reference holding the same dequantized
 * weights; float16 with the float32 reference, within float16's precision.
 */
class ExporterRoundTripTest {
    static final List<String> IMAGES = List.of("01-ct-left.png", "06-xray-none.png");

    @ParameterizedTest(name = "{0}, top-{1}, residual {2}, {3}, {4}")
    @CsvSource({
        "phi2,     1, false, float32, safetensors+bin",
        "phi2,     2, true,  float32, safetensors",
        "stablelm, 2, false, float32, external-data",
        "phi2,     2, true,  int8,    safetensors",
        "stablelm, 1, false, int4,    bin",
        "phi2,     1, true,  float16, safetensors",
        "stablelm, 1, false, float16, dense",
    })
    void shouldAnswerAsPyTorchOnAnExportedReleaseLayoutCheckpoint(String variant, int topK, boolean residual,
            String dtype, String form, @TempDir Path work) throws Exception {
        // Given a checkpoint in the released layout, exported to a model directory
        Path checkpoint = work.resolve("checkpoint");
        Path exported = work.resolve("model");
        ReferenceOracle.requireTorch();
        List<String> make = new ArrayList<>(List.of("tools/make_synthetic_checkpoint.py", "--out",
                checkpoint.toString(), "--variant", variant, "--top-k", Integer.toString(topK), "--shards", "2"));
        if (residual) {
            make.add("--use-residual");
        }
        if (form.contains("bin")) {
            make.add(form.equals("bin") ? "--no-safetensors" : "--bin");
        }
        ReferenceOracle.runPython(work, make.toArray(String[]::new));
        List<String> export = new ArrayList<>(List.of("tools/export_onnx.py", "--checkpoint", checkpoint.toString(),
                "--out", exported.toString(), "--with-reference", "--dtype", dtype, "--block-size", "16"));
        if (form.equals("external-data")) {
            export.add("--external-data");
        }
        if (form.equals("dense")) {
            export.addAll(List.of("--moe-compute", "dense"));
        }
        String log = ReferenceOracle.runPython(work, export.toArray(String[]::new));
        List<ReferenceOracle.Case> cases = IMAGES.stream().map(image -> new ReferenceOracle.Case(image,
                TinyModel.image(image), "Is there an abnormality?", 5, List.of("yes", "no"))).toList();
        List<JsonNode> reference = ReferenceOracle.run(exported, cases, work);
        ParityAssertions.Tolerance tol = dtype.equals("float16") ? ParityAssertions.Tolerance.HALF
                : ParityAssertions.Tolerance.EXACT;
        // When the Java runtime loads the export and answers the same cases
        try (MedMoeModel model = MedMoeModel.load(exported, RuntimeConfig.cpu(1))) {
            for (int i = 0; i < cases.size(); i++) {
                ReferenceOracle.Case c = cases.get(i);
                PixelTensor pixels = model.readImage(c.image());
                // Then generation and candidate scores match PyTorch
                String id = variant + " " + dtype + " " + c.id();
                ParityAssertions.assertGenerationMatches(id, model.generate(pixels, c.question(), c.maxNewTokens()),
                        reference.get(i), tol);
                ParityAssertions.assertScoresMatch(id, model.scoreCandidates(pixels, c.question(), c.candidates()),
                        reference.get(i), tol);
            }
            // And the manifest says what was exported
            ModelManifest manifest = model.manifest();
            assertThat(manifest.dtype()).isEqualTo(dtype);
            assertThat(manifest.moe().topK()).isEqualTo(topK);
            assertThat(manifest.moe().useResidual()).isEqualTo(residual);
            assertThat(manifest.tokenizer().size()).as("the embedding is padded beyond the tokenizer")
                    .isLessThan(manifest.decoder().vocabSize());
            assertThat(manifest.files().containsKey("decoder_model_merged.onnx_data"))
                    .isEqualTo(form.equals("external-data"));
            assertThat(log).contains("use_residual " + residual);
            if (residual && !form.contains("bin")) {
                assertThat(log).contains("stores the residual MLP once, as the meta expert");
            }
        }
        assertThat(Files.exists(exported.resolve("reference_state.pt"))).isTrue();
    }
}
