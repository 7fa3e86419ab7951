package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.PythonReference;

/**
 * JPEG-LS and 12-bit JPEG in the variants python3-pydicom's own files do not cover, written by
 * dcmtk's encoders (dcmcjpls, dcmcjpeg) from real uncompressed files of python3-pydicom and
 * python3-nibabel, decoded here and by pydicom with GDCM: colour JPEG-LS in all three interleave
 * modes, near-lossless, 16-bit signed and 12-bit greyscale, and JPEG Extended of 12 bits.
 * Lossless variants must match exactly, lossy ones within {@link DecodeAgainstPydicomTest}'s
 * tolerances.
 */
class DecodeDcmtkEncodedTest {

    @TempDir
    static Path out;

    /** Output file name, to the source file and the encoder's command line before the two paths. */
    static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();
    static final Map<String, Path> SOURCES = new LinkedHashMap<>();
    static final Map<String, JsonNode> REFERENCE = new LinkedHashMap<>();

    @BeforeAll
    static void encodeWithDcmtkAndDecodeWithPydicom() throws IOException, InterruptedException {
        Path rgb = DebianSamples.pydicom("SC_rgb_jpeg_dcmd.dcm");
        Path ct = DebianSamples.pydicom("CT_small.dcm");
        Path mr12 = DebianSamples.dcmFiles("python3-nibabel").stream()
                .filter(p -> p.getFileName().toString().equals("decimal_rescale.dcm")).findFirst().orElseThrow();
        variant("jls-rgb-none.dcm", rgb, "dcmcjpls", "+el", "+in");
        variant("jls-rgb-line.dcm", rgb, "dcmcjpls", "+el", "+il");
        variant("jls-rgb-sample.dcm", rgb, "dcmcjpls", "+el", "+is");
        variant("jls-rgb-near.dcm", rgb, "dcmcjpls", "+en", "+is");
        variant("jls-ct-16bit-signed.dcm", ct, "dcmcjpls", "+el");
        variant("jls-mr-12bit-near.dcm", mr12, "dcmcjpls", "+en", "+md", "3");
        variant("jls-mr-12bit.dcm", mr12, "dcmcjpls", "+el");
        variant("jpeg12-mr.dcm", mr12, "dcmcjpeg", "+ee");
        List<String> args = new ArrayList<>(List.of(out.toString()));
        VARIANTS.keySet().forEach(name -> args.add(out.resolve(name).toString()));
        PythonReference.run("pydicom_dump.py", args);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("index.jsonl"))) {
            JsonNode node = json.readTree(line);
            REFERENCE.put(Path.of(node.get("file").asText()).getFileName().toString(), node);
        }
    }

    private static void variant(String name, Path source, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        line.add(source.toString());
        line.add(out.resolve(name).toString());
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", line, log).isZero();
        VARIANTS.put(name, line);
        SOURCES.put(name, source);
    }

    @Test
    void shouldDecodeEveryVariantLikePydicomWithGdcm() throws IOException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        List<String> mismatches = new ArrayList<>();
        for (String name : VARIANTS.keySet()) {
            JsonNode ref = REFERENCE.get(name);
            assertThat(ref.get("status").asText()).as("pydicom on %s: %s", name, ref.path("error")).isEqualTo("ok");
            assertThat(ref.get("decoder").asText()).as(name).isEqualTo("gdcm");
            DicomImage image;
            try {
                image = reader.read(out.resolve(name), FrameSelection.first());
            } catch (DicomReadException e) {
                mismatches.add(name + ": pydicom decodes it, we fail with " + e);
                continue;
            }
            String ts = image.header().transferSyntaxUid();
            String diff = DecodeAgainstPydicomTest.compare(image.frames().get(0),
                    DecodeAgainstPydicomTest.read(out.resolve(ref.get("raw").asText())), TransferSyntaxes.isLossy(ts), false);
            if (diff != null) {
                mismatches.add(name + " (" + ts + "): " + diff);
            }
        }
        assertThat(mismatches).as("variants decoded differently from pydicom + GDCM").isEmpty();
    }

    @Test
    void shouldDecodeLosslessVariantsToTheSourcePixels() throws IOException, DicomReadException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        for (String name : List.of("jls-rgb-none.dcm", "jls-rgb-line.dcm", "jls-rgb-sample.dcm", "jls-ct-16bit-signed.dcm",
                "jls-mr-12bit.dcm")) {
            float[] decoded = reader.read(out.resolve(name), FrameSelection.first()).frames().get(0).samples();
            float[] source = reader.read(SOURCES.get(name), FrameSelection.first()).frames().get(0).samples();
            assertThat(decoded).as(name).containsExactly(source);
        }
    }
}
