package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.PythonReference;

/** The benchmark runs end to end (short) and prints both sides, the ratio, and the per-syntax breakdown. */
class DicomBenchmarkTest {

    @Test
    void shouldPrintBothSidesAndTheRatio() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), DebianSamples.pydicom(),
                PythonReference.projectDir().resolve("tools/dicom/bench_pydicom.py"), 0.5);
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(out).contains("== uncompressed transfer syntaxes only").contains("MedMoE Stream (Java)").contains("pydicom + numpy + PIL").containsPattern("ratio .*x")
                .contains("== per transfer syntax").containsPattern("Explicit VR Little Endian \\(1\\.2\\.1\\) +\\d+ .*x +\\d+% +\\d+% +\\d+%");
    }
}
