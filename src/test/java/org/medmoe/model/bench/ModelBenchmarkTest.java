package org.medmoe.model.bench;

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
                cache, Map.of(), true, 3);
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
                cache, Map.of(), false, 0)).hasMessageContaining("unknown benchmark model huge");
    }
}
