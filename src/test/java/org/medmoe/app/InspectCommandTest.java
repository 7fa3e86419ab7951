package org.medmoe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.EnhancedSamples;
import picocli.CommandLine;

class InspectCommandTest {

    private record Run(int exit, List<JsonNode> lines, String text) {
    }

    private static Run run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new InspectCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(args);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = out.toString().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        return new Run(exit, lines, out.toString());
    }

    @Test
    void shouldPrintHeaderAndStatisticsWithoutIdentifiers() throws Exception {
        Run run = run(DebianSamples.pydicom("CT_small.dcm").toString());

        assertThat(run.exit()).isZero();
        JsonNode ct = run.lines().get(0);
        assertThat(ct.get("modality").asText()).isEqualTo("CT");
        assertThat(ct.get("transferSyntaxUid").asText()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(ct.get("rows").asInt()).isEqualTo(128);
        assertThat(ct.get("pixelRepresentation").asInt()).isEqualTo(1);
        assertThat(ct.get("status").asText()).isEqualTo("decoded");
        assertThat(ct.at("/decoded/min").asDouble()).as("signed CT values after rescale").isLessThan(0);
        assertThat(ct.at("/tensor/shape").toString()).isEqualTo("[3,336,336]");
        assertThat(run.text()).doesNotContain("CompressedSamples").doesNotContain("patientName");
    }

    @Test
    void shouldShowThatAFileIsEnhancedAndTheValuesOfTheDecodedFrame(@TempDir Path dir) throws Exception {
        // Given an enhanced CT whose frames have their own rescale (per-frame group) and a shared window
        Path file = EnhancedSamples.write(dir).get(0);

        // When its middle frame is inspected
        Run run = run("--frames", "MIDDLE", file.toString());

        // Then the output says it is enhanced and which values frame 3 was decoded with, and from where
        JsonNode ct = run.lines().get(0);
        assertThat(ct.get("enhanced").asBoolean()).isTrue();
        assertThat(ct.get("decodedFrames").toString()).isEqualTo("[3]");
        JsonNode values = ct.at("/frameValues/0");
        assertThat(values.get("frame").asInt()).isEqualTo(3);
        assertThat(values.get("rescaleSlope").asDouble()).isEqualTo(0.5);
        assertThat(values.get("rescaleIntercept").asDouble()).isEqualTo(-100);
        assertThat(values.get("rescaleFrom").asText()).isEqualTo("per-frame");
        assertThat(values.at("/window/center").asDouble()).isEqualTo(40);
        assertThat(values.at("/window/width").asDouble()).isEqualTo(400);
        assertThat(values.get("voiFrom").asText()).isEqualTo("shared");
        assertThat(run("--frames", "MIDDLE", DebianSamples.pydicom("CT_small.dcm").toString()).lines().get(0)
                .get("enhanced").asBoolean()).isFalse();
    }

    @Test
    void shouldShowIdentifiersOnlyWhenAsked() throws Exception {
        Run run = run("--show-identifiers", DebianSamples.pydicom("CT_small.dcm").toString());

        assertThat(run.lines().get(0).get("patientName").asText()).contains("CompressedSamples");
    }

    @Test
    void shouldReportTheTypedErrorAndExitNonZero() throws Exception {
        Run run = run(DebianSamples.pydicom("MR_small_jpeg_ls_lossless.dcm").toString(),
                DebianSamples.pydicom("MR_small.dcm").toString());

        assertThat(run.exit()).isEqualTo(1);
        JsonNode jls = run.lines().get(0);
        assertThat(jls.get("status").asText()).isEqualTo("failed");
        assertThat(jls.at("/error/type").asText()).isEqualTo("DicomUnsupportedException");
        assertThat(jls.at("/error/message").asText()).contains("1.2.840.10008.1.2.4.80");
        assertThat(jls.get("rows").asInt()).isEqualTo(64);
        assertThat(run.lines().get(1).get("status").asText()).isEqualTo("decoded");
    }
}
