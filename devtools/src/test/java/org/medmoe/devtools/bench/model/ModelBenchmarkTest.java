package org.medmoe.devtools.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.model.TinyModel;

/** {@code bench model} prints one row per batch size with both engines and their ratio. */
class ModelBenchmarkTest {
    @TempDir
    Path cache;

    @Test
    void shouldPrintJavaAndPyTorchFiguresSideBySideForEachBatchSize() {
        // Given a short benchmark of the tiny model
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchOptions options = new BenchOptions(TinyModel.projectDir(), List.of("tiny"), List.of(1, 2), 1, 2, 1, 1,
                cache, Map.of(), true, 3, null);
        // When it runs
        ModelBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), options);
        // Then each batch size has a row with a Java/PyTorch ratio
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("machine: ").contains("ONNX Runtime 1.29.0 vs pytorch-eager");
        assertThat(out.lines().filter(l -> l.matches("tiny\\s+[12] \\|.*\\| \\d+\\.\\d\\dx"))).hasSize(2);
        // And the prompt set of three questions about one image compares with PyTorch each way
        assertThat(out.lines().filter(l -> l.matches("tiny\\s+1x3 \\|.*\\| \\d+\\.\\d\\dx each, \\d+\\.\\d\\dx shared")))
                .hasSize(1);
        assertThat(out.lines().filter(l -> l.matches("tiny\\s+1x3 \\|\\s+\\|\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\| \\(PyTorch with the shared prefix\\)")))
                .hasSize(1);
    }

    @Test
    void shouldRefuseAnUnknownModelName() {
        assertThatThrownBy(() -> new BenchOptions(TinyModel.projectDir(), List.of("huge"), List.of(1), 1, 2, 1, 1,
                cache, Map.of(), false, 0, null)).hasMessageContaining("unknown benchmark model huge");
    }

    @Test
    void shouldTimeAStudyOnEachExportBesidePyTorchOnTheCheckpointWithFloorsAndMemory(@TempDir Path models) {
        // Given the study benchmark's path on a model of the released layout at toy widths
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchOptions.Study study = new BenchOptions.Study(List.of(
                new StudyQuestion("What modality is this?", List.of("ct", "mri", "pathology", "xray"), 0),
                new StudyQuestion("Is there an abnormality?", List.of("yes", "no"), 0),
                new StudyQuestion("Where is the abnormality?", List.of(), 4)), List.of("float32", "int8", "int4"),
                models, 1);
        BenchOptions options = new BenchOptions(TinyModel.projectDir(), List.of("stablelm-tiny"), List.of(1), 1, 2, 1,
                1, cache, Map.of(), true, 0, study);
        // When it runs (generating the checkpoint and the three exports first)
        ModelBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), options);
        // Then PyTorch answered each question from scratch and with the shared prefix
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("one study = one image and the prompt set's 3 questions (2 closed with 6 candidates, 1 open)");
        assertThat(out.lines().filter(l -> l.matches("PyTorch float32 (each|shared)\\s+\\| \\d+ \\(\\d+\\.\\.\\d+\\).*")))
                .hasSize(2);
        // And each export has a study time, its ratios to PyTorch, a decoding step beside its floor and memory
        for (String dtype : List.of("float32", "int8", "int4")) {
            assertThat(out.lines().filter(l -> l.matches("Java " + dtype
                    + "\\s+\\| \\d+ \\(\\d+\\.\\.\\d+\\)\\s+\\| \\d+\\.\\d\\dx\\s+\\d+\\.\\d\\dx\\s+\\| \\d+ \\(\\d+\\)\\s+\\|.*")))
                    .as(out).hasSize(1);
            assertThat(models.resolve("stablelm-tiny").resolve(dtype).resolve("model.json")).exists();
        }
        assertThat(models.resolve("stablelm-tiny").resolve("exports.json")).exists();
    }
}
