package org.medmoe.app.cli;

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
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.imaging.DecodedImage;
import org.medmoe.imaging.Stats;
import org.medmoe.testing.dicom.EnhancedSamples;
import org.medmoe.testing.dicom.PythonReference;
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
        Run run = run(DebianSamples.pydicom("SC_rgb_rle_32bit.dcm").toString(),
                DebianSamples.pydicom("MR_small.dcm").toString());

        assertThat(run.exit()).isEqualTo(1);
        JsonNode failed = run.lines().get(0);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/type").asText()).isEqualTo("DicomUnsupportedException");
        assertThat(failed.at("/error/message").asText()).contains("32-bit pixel data", "1.2.840.10008.1.2.5");
        assertThat(failed.get("rows").asInt()).isEqualTo(100);
        assertThat(run.lines().get(1).get("status").asText()).isEqualTo("decoded");
    }

    @Test
    void shouldDecodeJpegLsAndTwelveBitJpegAsTheServiceDoes() throws Exception {
        Run run = run(DebianSamples.pydicom("MR_small_jpeg_ls_lossless.dcm").toString(),
                DebianSamples.pydicom("MR_small.dcm").toString(), DebianSamples.pydicom("JPGExtended.dcm").toString());

        assertThat(run.exit()).isZero();
        JsonNode jls = run.lines().get(0);
        JsonNode uncompressed = run.lines().get(1);
        assertThat(jls.get("status").asText()).isEqualTo("decoded");
        // The JPEG-LS file is MR_small.dcm compressed without loss: the same pixel statistics.
        assertThat(jls.get("decoded")).isEqualTo(uncompressed.get("decoded"));
        assertThat(run.lines().get(2).get("bitsStored").asInt()).isEqualTo(12);
        assertThat(run.lines().get(2).get("status").asText()).isEqualTo("decoded");
    }

    @Test
    void shouldShowPaletteColourFilesAsTheRgbTheServiceDecodes(@TempDir Path dir) throws Exception {
        // Given PALETTE COLOR files made from pydicom's well-known palettes (segmented) and a 16-bit table
        PythonReference.run("make_palette.py", List.of(dir.toString()));
        Path winter = dir.resolve("pal8_winter.dcm");
        Path table16 = dir.resolve("pal16_first100.dcm");

        // When they are inspected
        Run run = run(winter.toString(), table16.toString());

        // Then each is shown as RGB, with the tables it went through and the statistics the service's decode gives
        assertThat(run.exit()).isZero();
        JsonNode seg = run.lines().get(0);
        assertThat(seg.get("photometricInterpretation").asText()).isEqualTo("PALETTE COLOR");
        assertThat(seg.get("decodedChannels").asInt()).isEqualTo(3);
        assertThat(seg.at("/palette/segmented").asBoolean()).isTrue();
        assertThat(seg.at("/palette/entries").asInt()).isEqualTo(256);
        JsonNode wide = run.lines().get(1);
        assertThat(wide.at("/palette/bits").asInt()).isEqualTo(16);
        assertThat(wide.at("/palette/firstMapped").asInt()).isEqualTo(100);
        assertThat(wide.at("/palette/entries").asInt()).isEqualTo(4096);
        for (int i = 0; i < 2; i++) {
            DecodedImage decoded = new DicomImageReader(DecodeLimits.defaults())
                    .read(i == 0 ? winter : table16, FrameSelection.first()).frames().get(0);
            Stats stats = decoded.stats();
            assertThat(decoded.channels()).isEqualTo(3);
            assertThat(run.lines().get(i).at("/decoded/mean").asDouble()).isEqualTo(stats.mean());
            assertThat(run.lines().get(i).at("/decoded/max").asDouble()).isEqualTo(stats.max());
        }
    }
}
